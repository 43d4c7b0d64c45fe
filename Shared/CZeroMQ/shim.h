#ifndef DANGJIAN_CZEROMQ_SHIM_H
#define DANGJIAN_CZEROMQ_SHIM_H
#include <zmq.h>
#include <errno.h>
#endif
