; golden: select: a select, and a bool crossing a call (zeroext)
; printLLVM output for x86_64-linux; regenerate with BLESS=1
source_filename = "select_max"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define internal zeroext i1 @is_small(i32 %v0) #0 {
bb0:
  %v2 = icmp ult i32 %v0, 10
  ret i1 %v2
}

define i32 @kernel(i32 %v0, i32 %v1) #0 {
bb0:
  %v2 = icmp sgt i32 %v0, %v1
  %v3 = select i1 %v2, i32 %v0, i32 %v1
  %v4 = call zeroext i1 @is_small(i32 %v0)
  %v5 = zext i1 %v4 to i32
  %v6 = add i32 %v3, %v5
  ret i32 %v6
}

attributes #0 = { nounwind }
