// abi_pair_kernel (KERNELS.md): struct construction and field reads.
// Rust baseline: a two-field struct built and read back each iteration; the
// .fzir has no `opaque`.

struct Pair {
    left: i32,
    right: i32,
}

fn kernel(n: i32) -> i32 {
    let mut acc: i32 = 0;
    let mut i: i32 = 0;
    while i < n {
        let pair = Pair { left: i, right: acc };
        acc = acc.wrapping_add(pair.left.wrapping_mul(3).wrapping_add(pair.right.wrapping_mul(5)) % 251) % 251;
        i = i.wrapping_add(1);
    }
    acc
}

fn main() {
    let n: i32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).expect("usage: abi_pair_kernel N");
    println!("{}", kernel(n));
}
