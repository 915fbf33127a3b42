; golden of tag-range.lir: printLLVM for x86_64-linux; regenerate with BLESS=1
source_filename = "tag_range"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

define noundef i32 @kernel(i32 noundef %v0) #0 {
bb0:
  %s0 = alloca [8 x i8], align 8
  %v3 = urem i32 %v0, 3
  store i32 %v3, ptr %s0, align 4
  %v4 = load i32, ptr %s0, align 4, !range !0, !noundef !1
  switch i32 %v4, label %bb5 [
    i32 0, label %bb1
    i32 1, label %bb2
    i32 2, label %bb3
  ], !prof !2
bb1:
  br label %bb4
bb2:
  br label %bb4
bb3:
  br label %bb4
bb4:
  %v8 = phi i32 [ 10, %bb1 ], [ 21, %bb2 ], [ 32, %bb3 ]
  ret i32 %v8
bb5: ; cold
  call void @fz_panic_unreachable()
  unreachable
}

declare void @fz_panic_unreachable() #1

attributes #0 = { nounwind }
attributes #1 = { noreturn nounwind cold }

!0 = !{i32 0, i32 3}
!1 = !{}
!2 = !{!"branch_weights", i32 1, i32 2000, i32 2000, i32 2000}
