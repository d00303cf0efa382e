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
 *
 * The signed revision is what the signed bytes themselves say: the caller opens data[0..end) as a
 * document of its own (its last startxref and /Prev chain), and the current /Prev chain must run
 * through every later section back to exactly that revision's newest section, then through all
 * of its sections in order. A later xref whose /Prev skips a section of the signed revision (the
 * shadow "hide-and-replace" attack: the viewer then shows a hidden earlier revision) or points
 * anywhere else is a change.
 *
 * Signature fields (the "sneaky signature" and "evil annotation" attacks): an unsigned field or
 * widget may gain /V, /AP, /Rect, /F, /AS or /MK only when it becomes signed by that very update
 * — its /V is a new signature dictionary whose /ByteRange runs past the signed revision and
 * whose signed bytes already hold the field as it is now (what signing a pre-made empty field
 * does, see sign/pdfsign.c). Otherwise a new or changed appearance, rectangle, visibility or
 * /MK of an unsigned field is a change. A new signature field that is not signed in its update
 * may be added only when it shows nothing (bc_sig_widget_visible), and a new widget must belong
 * to a field of /Fields, not only to a page's /Annots.
 *
 * Trailers: every key of each later section's trailer is compared with the signed revision's.
 * An update may set /Size, /Prev, /XRefStm, the keys of an xref stream (/Type /W /Index /Length
 * /Filter /DecodeParms) and the second element of /ID (ISO 32000-1 §14.4: it changes with each
 * update; the first is permanent). /Root must stay the same object; /Info must stay the same
 * (direct or the same object, whose content is compared like any object's, /ModDate excepted,
 * which signing tools update); any other key added, changed or dropped is a change.
 */
#ifndef BC_SIGN_CHANGES_H
#define BC_SIGN_CHANGES_H

#include <stddef.h>

#include "pdf/pdfread.h"

/* Called with each change that is not allowed, as a Vietnamese sentence. */
typedef void (*bc_change_fn)(void *ctx, const char *sentence);

/* Judges the /Prev chain, the trailers and every object that the sections after offset `end`
 * (the signed revision's end) define; `signed_rev` is data[0..end) opened on its own. Returns
 * how many changes were not allowed (each reported through `fn`), or -1 when out of memory. */
int bc_sig_changes_check(bc_pdf *doc, bc_pdf *signed_rev, size_t end, bc_change_fn fn,
                         void *ctx);

/* Whether a widget shows something: a rectangle of non-zero size, not hidden by /F (Hidden,
 * NoView), and an appearance stream (/AP /N, /R or /D, or their /AS state) that draws anything,
 * or an /MK from which a viewer draws one (background, border, caption, icon). An appearance
 * that cannot be decoded counts as drawing. */
int bc_sig_widget_visible(bc_pdf *doc, const bc_pdf_obj *widget);

/* The end of the bytes a signature dictionary's /ByteRange [0 a b c] covers (b + c), or 0 when it
 * is not four non-negative integers within a file of `len` bytes. Overflow-checked. */
size_t bc_sig_byterange_end(bc_pdf *doc, const bc_pdf_obj *sig, size_t len);

#endif
