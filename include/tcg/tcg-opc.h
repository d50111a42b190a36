/*
 * The TCG IR opcode list.  Included several times with a different DEF().
 *
 * DEF(name, nb_oargs, nb_iargs, nb_cargs, flags)
 *   name      the opcode is INDEX_op_<name>
 *   nb_oargs  output temps (args[0 .. nb_oargs-1])
 *   nb_iargs  input temps (following the outputs)
 *   nb_cargs  constant arguments (following the inputs)
 *   flags     TCG_OPF_*
 *
 * Every op that computes a value carries its type (TCG_TYPE_I32 or
 * TCG_TYPE_I64) in TCGOp.type; the semantics of each op are documented in
 * docs/devel/tcg-ops.md.  "call" has a variable number of arguments: its
 * counts live in the op itself.
 */

/* control flow and markers */
DEF(discard, 1, 0, 0, TCG_OPF_NOT_PRESENT)
DEF(set_label, 0, 0, 1, TCG_OPF_BB_END | TCG_OPF_NOT_PRESENT)
DEF(br, 0, 0, 1, TCG_OPF_BB_END)
DEF(brcond, 0, 2, 2, TCG_OPF_BB_END | TCG_OPF_COND_BRANCH)
DEF(mb, 0, 0, 1, TCG_OPF_SIDE_EFFECTS)
DEF(insn_start, 0, 0, 2, TCG_OPF_NOT_PRESENT)
DEF(exit_tb, 0, 0, 1, TCG_OPF_BB_EXIT | TCG_OPF_BB_END)
DEF(goto_tb, 0, 0, 1, TCG_OPF_BB_EXIT | TCG_OPF_BB_END)
DEF(goto_ptr, 0, 1, 0, TCG_OPF_BB_EXIT | TCG_OPF_BB_END)
DEF(call, 0, 0, 2, TCG_OPF_CALL_CLOBBER)

/* host SSE on CPU-state slots: sse_op(base; dofs, sofs, code) */
DEF(sse_op, 0, 1, 3, TCG_OPF_SIDE_EFFECTS)
DEF(sse_movmsk, 1, 1, 1, 0)

/* moves and CPU-state access: ld*(ret, base, offset), st*(val, base, offset) */
DEF(mov, 1, 1, 0, 0)
DEF(ld8u, 1, 1, 1, 0)
DEF(ld8s, 1, 1, 1, 0)
DEF(ld16u, 1, 1, 1, 0)
DEF(ld16s, 1, 1, 1, 0)
DEF(ld32u, 1, 1, 1, 0)
DEF(ld32s, 1, 1, 1, 0)
DEF(ld, 1, 1, 1, 0)
DEF(st8, 0, 2, 1, TCG_OPF_SIDE_EFFECTS)
DEF(st16, 0, 2, 1, TCG_OPF_SIDE_EFFECTS)
DEF(st32, 0, 2, 1, TCG_OPF_SIDE_EFFECTS)
DEF(st, 0, 2, 1, TCG_OPF_SIDE_EFFECTS)

/* arithmetic and logic */
DEF(add, 1, 2, 0, 0)
DEF(sub, 1, 2, 0, 0)
DEF(mul, 1, 2, 0, 0)
DEF(neg, 1, 1, 0, 0)
DEF(and, 1, 2, 0, 0)
DEF(or, 1, 2, 0, 0)
DEF(xor, 1, 2, 0, 0)
DEF(andc, 1, 2, 0, 0)
DEF(orc, 1, 2, 0, 0)
DEF(eqv, 1, 2, 0, 0)
DEF(nand, 1, 2, 0, 0)
DEF(nor, 1, 2, 0, 0)
DEF(not, 1, 1, 0, 0)
DEF(shl, 1, 2, 0, 0)
DEF(shr, 1, 2, 0, 0)
DEF(sar, 1, 2, 0, 0)
DEF(rotl, 1, 2, 0, 0)
DEF(rotr, 1, 2, 0, 0)
DEF(div, 1, 2, 0, 0)
DEF(divu, 1, 2, 0, 0)
DEF(rem, 1, 2, 0, 0)
DEF(remu, 1, 2, 0, 0)
DEF(mulu2, 2, 2, 0, 0)
DEF(muls2, 2, 2, 0, 0)
DEF(add2, 2, 4, 0, 0)
DEF(sub2, 2, 4, 0, 0)

/* extensions (same type in and out) and conversions between types */
DEF(ext8s, 1, 1, 0, 0)
DEF(ext8u, 1, 1, 0, 0)
DEF(ext16s, 1, 1, 0, 0)
DEF(ext16u, 1, 1, 0, 0)
DEF(ext32s, 1, 1, 0, 0)
DEF(ext32u, 1, 1, 0, 0)
DEF(ext_i32_i64, 1, 1, 0, 0)
DEF(extu_i32_i64, 1, 1, 0, 0)
DEF(extrl_i64_i32, 1, 1, 0, 0)
DEF(extrh_i64_i32, 1, 1, 0, 0)

/* bit fields: extract(ret, a, ofs, len), deposit(ret, a, b, ofs, len) */
DEF(extract, 1, 1, 2, 0)
DEF(sextract, 1, 1, 2, 0)
DEF(deposit, 1, 2, 2, 0)
DEF(bswap16, 1, 1, 1, 0)
DEF(bswap32, 1, 1, 1, 0)
DEF(bswap64, 1, 1, 1, 0)
DEF(clz, 1, 2, 0, 0)
DEF(ctz, 1, 2, 0, 0)
DEF(ctpop, 1, 1, 0, 0)

/* comparisons: setcond(ret, a, b, cond), movcond(ret, c1, c2, v1, v2, cond) */
DEF(setcond, 1, 2, 1, 0)
DEF(negsetcond, 1, 2, 1, 0)
DEF(movcond, 1, 4, 1, 0)

/* guest memory: qemu_ld(val, addr, oi), qemu_st(val, addr, oi) */
DEF(qemu_ld, 1, 1, 1, TCG_OPF_CALL_CLOBBER | TCG_OPF_SIDE_EFFECTS)
DEF(qemu_st, 0, 2, 1, TCG_OPF_CALL_CLOBBER | TCG_OPF_SIDE_EFFECTS)
