// arithmetic_kernel (KERNELS.md): wrapping multiply-add, bitwise ops and
// constant modulo. Rust baseline; the .fzir has no `opaque`.

fn kernel(n: i32) -> i32 {
    let mut acc: i32 = 7;
    let mut i: i32 = 0;
    while i < n {
        let v = i.wrapping_mul(13).wrapping_add(acc.wrapping_mul(7)) % 1000003;
        let w = (v ^ 5921370) & 16777215;
        acc = acc.wrapping_add(w % 251) % 251;
        i = i.wrapping_add(1);
    }
    acc
}

fn main() {
    let n: i32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).expect("usage: arithmetic_kernel N");
    println!("{}", kernel(n));
}
