#include "qemu/osdep.h"
#include "helper.h"
