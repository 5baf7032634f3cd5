/* Debian's libclang_rt.builtins-wasm32.a objects for 64- and 128-bit division reference the
   stack protector's symbols, which wasi-libc does not define. These weak versions satisfy the
   link; a smashed stack traps in wasm anyway. */
#include <stdint.h>
#include <stdlib.h>

__attribute__((weak)) uintptr_t __stack_chk_guard = (uintptr_t)0x595e9fbd94fda766ull;
__attribute__((weak, noreturn)) void __stack_chk_fail(void) { abort(); }
