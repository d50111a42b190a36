/*
 * The QObject input visitor: builds a QAPI C value from a QObject tree
 * (a QMP command's arguments, a JSON -blockdev, a crumpled keyval QDict).
 *
 * Strict: a required member that is absent fails with "Parameter 'a.b' is
 * missing", a member nobody visited with "Parameter 'a.x' is unexpected",
 * a value of the wrong JSON type with "Invalid parameter type for 'a.b',
 * expected: integer" (object, array, integer, number, boolean, string,
 * null). Paths name the value from the top: "caps[0].state" for JSON
 * input, "children.1.driver" for keyval input (QEMU's texts).
 */
#ifndef QAPI_QOBJECT_INPUT_VISITOR_H
#define QAPI_QOBJECT_INPUT_VISITOR_H

#include "qapi/visitor.h"

/*
 * A visitor for JSON-typed input. Takes its own reference to @obj; the
 * caller keeps its own. Values and strings of the result are copies.
 */
Visitor *qobject_input_visitor_new(QObject *obj);

/*
 * A visitor for the output of keyval_parse(): every scalar is a QString
 * and is parsed on demand: integers (decimal, 0x hex, 0 octal: "Parameter
 * 'x' expects integer"), sizes with suffixes via qemu_strtosz ("... expects
 * size"), booleans on/off/yes/no/true/false/y/n ("... expects 'on' or
 * 'off'"), numbers ("... expects number"). A dict where a scalar is
 * expected fails with "Parameters 'x.*' are unexpected".
 */
Visitor *qobject_input_visitor_new_keyval(QObject *obj);

/*
 * Parse @str and return a visitor for it: JSON (which must be an object)
 * when @str starts with '{', else keyval_parse(@str, @implied_key).
 * NULL with an error if @str does not parse.
 */
Visitor *qobject_input_visitor_new_str(const char *str,
                                       const char *implied_key,
                                       Error **errp);

/*
 * For the block layer's flat option dicts ("file.filename": "x", values
 * possibly already typed as QNum/QBool by the JSON parser): crumple @qdict
 * into nested dicts/lists with every scalar turned into a string
 * (qdict_crumple_for_keyval_qiv), and return a keyval visitor for that.
 * NULL with an error if @qdict cannot be crumpled. @qdict is not changed.
 * (In QEMU this is declared in block/qdict.h.)
 */
Visitor *qobject_input_visitor_new_flat_confused(QDict *qdict, Error **errp);

#endif
