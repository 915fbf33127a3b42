// text_kernel (KERNELS.md): string temporaries and string operations.
// Rust baseline: `replace` allocates a fresh String every iteration, as in
// the original program; the input goes through black_box where the .fzir has
// `opaque`.
use std::hint::black_box;

fn kernel(n: i32) -> i32 {
    let mut acc: i32 = 0;
    let mut i: i32 = 0;
    while i < n {
        let raw: &str = black_box("  alpha,beta,gamma  ");
        let trimmed = raw.trim();
        let replaced = trimmed.replace(",", "|");
        if replaced.contains("beta") {
            acc = acc.wrapping_add(11) % 251;
        }
        if replaced.starts_with("alpha") {
            acc = acc.wrapping_add(17) % 251;
        }
        if replaced.ends_with("gamma") {
            acc = acc.wrapping_add(23) % 251;
        }
        acc = acc.wrapping_add(trimmed.len() as i32 % 97) % 251;
        i = i.wrapping_add(1);
    }
    acc
}

fn main() {
    let n: i32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).expect("usage: text_kernel N");
    println!("{}", kernel(n));
}
