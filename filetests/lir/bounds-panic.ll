; golden of bounds-panic.lir: printLLVM for x86_64-linux; regenerate with BLESS=1
source_filename = "bounds_panic"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

define noundef i32 @kernel(i32 noundef %v0) #0 {
bb0:
  %s0 = alloca [32 x i8], align 4
  store i32 1, ptr %s0, align 4
  %t0 = getelementptr inbounds i8, ptr %s0, i64 4
  store i32 2, ptr %t0, align 4
  %t1 = getelementptr inbounds i8, ptr %s0, i64 8
  store i32 5, ptr %t1, align 4
  %t2 = getelementptr inbounds i8, ptr %s0, i64 12
  store i32 10, ptr %t2, align 4
  %t3 = getelementptr inbounds i8, ptr %s0, i64 16
  store i32 17, ptr %t3, align 4
  %t4 = getelementptr inbounds i8, ptr %s0, i64 20
  store i32 26, ptr %t4, align 4
  %t5 = getelementptr inbounds i8, ptr %s0, i64 24
  store i32 37, ptr %t5, align 4
  %t6 = getelementptr inbounds i8, ptr %s0, i64 28
  store i32 50, ptr %t6, align 4
  %v10 = sext i32 %v0 to i64
  %v12 = icmp ult i64 %v10, 8
  br i1 %v12, label %bb1, label %bb2, !prof !0
bb1:
  %v14 = mul i64 %v10, 4
  %v15 = getelementptr i8, ptr %s0, i64 %v14
  %v16 = load i32, ptr %v15, align 4
  ret i32 %v16
bb2: ; cold
  call void @fz_panic_bounds(i64 %v10, i64 8)
  unreachable
}

declare void @fz_panic_bounds(i64, i64) #1

attributes #0 = { nounwind }
attributes #1 = { noreturn nounwind cold }

!0 = !{!"branch_weights", i32 2000, i32 1}
