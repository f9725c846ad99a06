/* A stand-in for Windows' bcryptprimitives.dll, which Debian's wine 8 lacks.
 *
 * Rust's standard library (1.78 and later) takes its random bytes (HashMap seeds) from
 * ProcessPrng in bcryptprimitives.dll; without it every Rust program fails to start under
 * wine 8. This DLL exports ProcessPrng and fills the buffer with RtlGenRandom
 * (advapi32's SystemFunction036), which wine has. Used only by scripts/test-windows.sh,
 * never shipped. Build: x86_64-w64-mingw32-gcc -shared -o bcryptprimitives.dll
 * bcryptprimitives.c -ladvapi32 */
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
