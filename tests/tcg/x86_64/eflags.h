/*
 * The arithmetic flags of RFLAGS, for test programs that compare them
 * after an insn (pushfq).
 */
#ifndef TESTS_TCG_EFLAGS_H
#define TESTS_TCG_EFLAGS_H

#define CF 0x001
#define PF 0x004
#define AF 0x010
#define ZF 0x040
#define SF 0x080
#define OF 0x800
#define ALL (CF | PF | AF | ZF | SF | OF)

#endif
