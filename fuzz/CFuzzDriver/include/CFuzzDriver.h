#ifndef CFUZZDRIVER_H
#define CFUZZDRIVER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (LLVM >= 12), linked by -sanitize=fuzzer: parses the libFuzzer flags in argv and
/// fuzzes `callback`. SwiftPM gives every executable its own main, so a harness calls this from there.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
