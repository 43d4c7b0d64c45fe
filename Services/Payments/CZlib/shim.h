#ifndef DANGJIAN_CZLIB_SHIM_H
#define DANGJIAN_CZLIB_SHIM_H
#include <zlib.h>
#endif
