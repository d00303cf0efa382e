/* syserr.h — what the operating system said, in Vietnamese, with what to do about it.
 *
 * strerror() answers in English ("No such file or directory"); the people who read baocao's
 * messages fill in forms. Every message that carries an errno goes through here. */
#ifndef BC_UTIL_SYSERR_H
#define BC_UTIL_SYSERR_H

/* A sentence for errno value `e`, never NULL (a static string). */
const char *bc_syserr(int e);

#endif
