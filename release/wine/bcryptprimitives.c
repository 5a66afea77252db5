/*
 * For testing yusuan.exe under wine 8.0 only: never shipped (release/build.sh leaves it out).
 *
 * Rust's standard library on Windows gets its random bytes (HashMap seeds) from ProcessPrng in
 * bcryptprimitives.dll, which Windows 10 and 11 have and wine 8.0 lacks. This stand-in forwards
 * to RtlGenRandom (advapi32's SystemFunction036), which wine has. Placed beside yusuan.exe,
 * Windows' DLL search finds it before the (missing) system one.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
