// duration_kernel (KERNELS.md): plain i32 arithmetic on loop-invariant
// operands. Rust baseline; the .fzir has no `opaque`, so the optimizer may
// fold the invariant part here exactly as it may for the kernel.

fn kernel(n: i32) -> i32 {
    let a: i32 = 3;
    let b: i32 = 17;
    let mut acc: i32 = 0;
    let mut i: i32 = 0;
    while i < n {
        let c = a.wrapping_add(b);
        let d = c.wrapping_sub(a);
        acc = acc.wrapping_add(d % 251) % 251;
        i = i.wrapping_add(1);
    }
    acc
}

fn main() {
    let n: i32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).expect("usage: duration_kernel N");
    println!("{}", kernel(n));
}
