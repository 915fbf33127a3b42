// bytes_kernel (KERNELS.md): fixed array indexing and a rolling window.
// Rust baseline for the benchmark: the same program as bytes_kernel.fzir,
// which has no `opaque`, so nothing here goes through black_box.

fn read_u32_le(b0: i32, b1: i32, b2: i32, b3: i32) -> i32 {
    b0.wrapping_add(b1 << 8).wrapping_add(b2 << 16).wrapping_add(b3 << 24)
}

fn kernel(n: i32) -> i32 {
    let bytes: [i32; 8] = [1, 2, 3, 4, 5, 6, 7, 8];
    let mut off: usize = 0;
    let mut acc: i32 = 0;
    let mut i: i32 = 0;
    while i < n {
        let v = read_u32_le(bytes[off], bytes[off + 1], bytes[off + 2], bytes[off + 3]);
        acc = acc.wrapping_add(v % 251) % 251;
        off += 1;
        if off > 4 {
            off = 0;
        }
        i = i.wrapping_add(1);
    }
    acc
}

fn main() {
    let n: i32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).expect("usage: bytes_kernel N");
    println!("{}", kernel(n));
}
