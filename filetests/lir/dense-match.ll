; golden of dense-match.lir: printLLVM for x86_64-linux; regenerate with BLESS=1
source_filename = "dense_match"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

define noundef i32 @kernel(i32 noundef %v0) #0 {
bb0:
  switch i32 %v0, label %bb5 [
    i32 0, label %bb1
    i32 1, label %bb2
    i32 2, label %bb1
    i32 3, label %bb3
  ], !prof !0
bb1:
  %v3 = add i32 %v0, 100
  br label %bb4
bb2:
  br label %bb4
bb3:
  %v5 = mul i32 %v0, %v0
  br label %bb4
bb4:
  %v1 = phi i32 [ %v3, %bb1 ], [ 7, %bb2 ], [ %v5, %bb3 ]
  ret i32 %v1
bb5: ; cold
  call void @fz_panic_unreachable()
  unreachable
}

declare void @fz_panic_unreachable() #1

attributes #0 = { nounwind }
attributes #1 = { noreturn nounwind cold }

!0 = !{!"branch_weights", i32 1, i32 2000, i32 2000, i32 2000, i32 2000}
