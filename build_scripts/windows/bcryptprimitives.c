/* Substitute bcryptprimitives.dll for Wine 8.0, which lacks it (Wine >= 9 has its own).
 *
 * Rust's standard library (1.78+) gets random bytes from bcryptprimitives!ProcessPrng, so every
 * Rust extension (pydantic_core, tokenizers, chromadb's bindings, cryptography) fails to import
 * under Wine 8.0 without it. This forwards to advapi32!SystemFunction036 (RtlGenRandom), which
 * Wine implements. build_scripts/windows/wine_build.py compiles it with x86_64-w64-mingw32-gcc
 * into the Wine prefix's system32 only: it is never part of the Windows bundle (real Windows has
 * the genuine DLL).
 */
#include <windows.h>

typedef BOOLEAN (WINAPI *rtl_gen_random_fn)(PVOID, ULONG);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
    static rtl_gen_random_fn rtl_gen_random;
    if (!rtl_gen_random) {
        HMODULE advapi = LoadLibraryA("advapi32.dll");
        if (!advapi)
            return FALSE;
        rtl_gen_random = (rtl_gen_random_fn)GetProcAddress(advapi, "SystemFunction036");
        if (!rtl_gen_random)
            return FALSE;
    }
    /* RtlGenRandom takes a ULONG length: feed large requests in pieces. */
    while (size > 0) {
        ULONG chunk = size > 0x40000000 ? 0x40000000 : (ULONG)size;
        if (!rtl_gen_random(data, chunk))
            return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance; (void)reason; (void)reserved;
    return TRUE;
}
