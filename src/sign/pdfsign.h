/* pdfsign.h — signing a PDF: PAdES B-B in an incremental update.
 *
 * The form must have an unsigned signature field named by the role (see pdf/sigfield.h). The
 * update holds the signature dictionary (/Filter /Adobe.PPKLite /SubFilter
 * /ETSI.CAdES.detached, /M in Vietnam time), the field with /V and the visible signature as its
 * appearance (see appearance.h), /AcroForm with /SigFlags 3, and a new xref section with /Prev.
 * The /Contents placeholder is sized from a computed upper bound of the CMS (chain + largest
 * signature + margin), the /ByteRange has room for any file size, and the CMS is made over the
 * two byte ranges after everything else is written. The result is built in memory: the caller
 * writes it atomically, so there is never a half-signed file. Signing an already-signed file
 * (preparer, then head of agency) leaves the earlier signature valid.
 *
 * From B-T on, the CMS gets a timestamp over its signature value (the placeholder has room for
 * it); B-LT and B-LTA then append their own updates after the signature (sign/ltv.h,
 * sign/doctimestamp.h), which leave it valid.
 *
 * The signer must have been checked (bc_signer_check) by the caller; this module only signs.
 */
#ifndef BC_SIGN_PDFSIGN_H
#define BC_SIGN_PDFSIGN_H

#include <time.h>

#include "sign/image.h"
#include "sign/keys.h"
#include "sign/tsa.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/vntime.h"

/* PAdES baseline levels (ETSI EN 319 142-1 §6): B-B the signature alone; B-T with a signature
 * timestamp; B-LT with the validation data in a /DSS (sign/ltv.h); B-LTA with a document
 * timestamp after it (sign/doctimestamp.h). */
typedef enum { BC_LEVEL_BB = 0, BC_LEVEL_BT, BC_LEVEL_BLT, BC_LEVEL_BLTA } bc_pades_level;

typedef struct bc_sign_opts {
    const bc_signer *signer;
    const char *role;            /* field name: "nguoi-khai", "thu-truong" or "to-chuc" */
    const char *signature_image; /* PNG path; required for the person roles */
    const char *seal_image;      /* PNG path; thu-truong only, optional */
    const bc_sign_image *signature, *seal; /* the same, prepared once for many signatures;
                                              when NULL, the paths are read for this one */
    double seal_size_mm;         /* 0 means 36 */
    const char *reason;          /* UTF-8, optional */
    const char *location;        /* UTF-8, optional */
    const char *number;          /* "số và ký hiệu", to-chuc */
    const char *fonts_dir;       /* for to-chuc; NULL means the installed fonts/ */
    time_t when;                 /* signing time; 0 means now */
    bc_pades_level level;        /* B-B unless asked */
    const bc_tsa *tsa;           /* the TSA, for B-T and above */
    X509_STORE *trust;           /* the signer's anchors: OCSP answers and CRLs are checked
                                    against them (B-LT and above) */
    bc_err *notes;               /* when not NULL, gets a sentence for each way the certificate
                                    does not fit what the form printed (sign/signercheck.h) */
} bc_sign_opts;

/* Signs `in` (a whole PDF) into `out` (empty). `name` is the input's name for messages. */
bc_status bc_sign_pdf(const bc_buf *in, const char *name, const bc_sign_opts *o, bc_buf *out,
                      bc_err *err);


#endif
