#ifndef DANGJIAN_CQRENCODE_SHIM_H
#define DANGJIAN_CQRENCODE_SHIM_H
#include <qrencode.h>
#endif
