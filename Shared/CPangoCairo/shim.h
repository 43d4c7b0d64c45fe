#ifndef DANGJIAN_CPANGOCAIRO_SHIM_H
#define DANGJIAN_CPANGOCAIRO_SHIM_H
/* Pango lays out the Chinese text, cairo draws it into PDF (embedding font subsets) or PNG. */
#include <pango/pangocairo.h>
#include <cairo.h>
#include <cairo-pdf.h>
#endif
