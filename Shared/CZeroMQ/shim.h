#ifndef DANGJIAN_CZEROMQ_SHIM_H
#define DANGJIAN_CZEROMQ_SHIM_H
#include <zmq.h>
#include <errno.h>
/* eventfd wakes a socket thread's zmq_poll (Glibc does not export it to Swift). */
#include <sys/eventfd.h>
#endif
