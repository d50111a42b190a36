/*
 * The IR optimizer (placeholder until the real passes land).
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"
#include "tcg-internal.h"

void tcg_optimize(TCGContext *s)
{
}
