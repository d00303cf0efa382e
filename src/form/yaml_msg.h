/* yaml_msg.h — libyaml's syntax errors in the words of someone who typed the file in Notepad.
 *
 * libyaml reports problems in English and in the terms of the YAML grammar ("found character
 * that cannot start any token"). The person who reads the message filled in a form: the message
 * says in Vietnamese what is wrong at that place and what to type instead. The commonest causes
 * are named by looking at the bytes at the place (a tab used for indenting, a ':' inside a value).
 */
#ifndef BC_FORM_YAML_MSG_H
#define BC_FORM_YAML_MSG_H

#include <stddef.h>

/* The sentence for libyaml's `problem` at byte `offset` of `data` (len bytes). Never NULL. */
const char *bc_yaml_problem_vi(const char *problem, const char *data, size_t len, size_t offset);

#endif
