/* changes.h — what the revisions after a signed one changed, judged against an allow-list.
 *
 * A signature covers the file as it was up to the end of its revision; later incremental
 * updates are not covered, and a viewer shows the newest revision. A later update is accepted
 * only when it is what another signer does. Object by object, between the signed revision and
 * the current one:
 *
 *   new objects     a signature dictionary (/Type /Sig or /DocTimeStamp); a signature field or
 *                   widget added to /Fields or to a page's /Annots; the objects reachable from
 *                   such a widget's /AP (form XObjects, images, fonts and their descriptors, font
 *                   files, ToUnicode, CIDToGIDMap); objects under a new /DSS or the form's /DR;
 *                   the update's own xref and object streams. A new field or widget may only
 *                   have the keys of a signature field (no /A or /AA actions).
 *   changed objects an unsigned signature field or its widget: only /V, /AP, /Rect, /F, /AS;
 *                   a page: only /Annots, which may only gain signature widgets; the catalog:
 *                   only /AcroForm and /DSS; the AcroForm: only /Fields (gaining signature
 *                   fields), /SigFlags, /DR, and dropping /NeedAppearances. Nothing else, not
 *                   even an object stream of the signed revision (rewriting one would change
 *                   the objects it holds without listing them in the new xref).
 *
 * Anything else is a change to the document: another annotation (/Stamp, /FreeText…), an object
 * deleted (a free entry for an object that was in use) or no longer readable, a page's content,
 * the page tree, a signature already made.
 */
#ifndef BC_SIGN_CHANGES_H
#define BC_SIGN_CHANGES_H

#include <stddef.h>

#include "pdf/pdfread.h"

/* Called with each change that is not allowed, as a Vietnamese sentence. */
typedef void (*bc_change_fn)(void *ctx, const char *sentence);

/* Judges every object that the sections after offset `end` (the signed revision's end) define.
 * Returns how many changes were not allowed (each reported through `fn`), or -1 when out of
 * memory. */
int bc_sig_changes_check(bc_pdf *doc, size_t end, bc_change_fn fn, void *ctx);

#endif
