#include "qemu/osdep.h"
#include "translate.h"

bool x86_fpu_gen(DisasContext *s, int b)
{
    return false;
}
