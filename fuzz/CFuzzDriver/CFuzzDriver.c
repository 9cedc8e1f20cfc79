// Intentionally empty: the driver lives in libFuzzer (libclang_rt.fuzzer); this target only declares it.
#include "CFuzzDriver.h"
