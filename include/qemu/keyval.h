/*
 * The keyval parser: command-line option strings to nested QDicts.
 *
 *     driver=qcow2,file.driver=file,file.filename=a.qcow2,a.0=x,a.1=y
 *
 * becomes
 *
 *     { "driver": "qcow2",
 *       "file": { "driver": "file", "filename": "a.qcow2" },
 *       "a": [ "x", "y" ] }
 *
 * Syntax (see docs/devel/keyval.md):
 *     key-vals     = [ key-val { ',' key-val } [ ',' ] ]
 *     key-val      = key '=' val | 'help' | '?'
 *     key          = key-fragment { '.' key-fragment }
 *     key-fragment = name | index      (an index never comes first)
 *     name         = [ '__' rfqdn '_' ] letter { letter | digit | '-' | '_' }
 *     rfqdn        = { letter | digit | '-' | '.' }
 *     index        = digit { digit }
 *     val          = { any character but ',' | ',,' }
 * With an implied key, the first key-val may instead be
 *     val-no-key   = { any character but '=' and ',' }   (at least one)
 * meaning implied-key=val-no-key (so it cannot contain a comma).
 * A fragment is at most 127 characters.  The same key given twice: the
 * last one wins.  A dict whose keys are all indexes becomes a QList; the
 * indexes must then be 0, 1, ... without gaps.  All values are QStrings.
 */
#ifndef QEMU_KEYVAL_H
#define QEMU_KEYVAL_H

#include "qemu/error.h"
#include "qobject/qdict.h"

/*
 * Parse @params into a new QDict.
 * @implied_key: if the first key-val has no '=' (and is not "help"), it is
 * the value of this key ("secret,id=s0" with "qom-type"); NULL for none.
 * @p_help: set to whether "help" or "?" was given; if NULL, help is an
 * error ("Help is not available for this option").
 * Returns NULL with an error on failure.
 */
QDict *keyval_parse(const char *params, const char *implied_key,
                    bool *p_help, Error **errp);

/*
 * As keyval_parse() but adds to @qdict, which may already hold the result
 * of earlier parses (list conversion then applies to the union).  On
 * failure @qdict may have been partly modified.  Returns @qdict or NULL.
 */
QDict *keyval_parse_into(QDict *qdict, const char *params,
                         const char *implied_key, bool *p_help,
                         Error **errp);

/*
 * Merge @merged into @dest: nested dicts are merged recursively, lists are
 * appended to, strings replace.  A key that is a string on one side and a
 * dict/list on the other: "Parameter 'a.b' used inconsistently".
 * On failure @dest may have been partly modified.
 */
bool keyval_merge(QDict *dest, const QDict *merged, Error **errp);

#endif
