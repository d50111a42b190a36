#include "qemu/osdep.h"
#include "translate.h"

bool x86_sse_gen_0f(DisasContext *s, int b)
{
    return false;
}
