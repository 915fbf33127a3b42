; golden of stack-array.lir: printLLVM for x86_64-linux; regenerate with BLESS=1
source_filename = "stack_array"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

define noundef i32 @kernel(i32 noundef %v0) #0 {
bb0:
  %s0 = alloca [128 x i8], align 8
  br label %bb1
bb1:
  %v1 = phi i64 [ 0, %bb0 ], [ %v10, %bb1 ]
  %v5 = shl i64 %v1, 3
  %v6 = getelementptr i8, ptr %s0, i64 %v5
  %v8 = mul i64 %v1, 3
  store i64 %v8, ptr %v6, align 8
  %v10 = add i64 %v1, 1
  %v12 = icmp ult i64 %v10, 16
  br i1 %v12, label %bb1, label %bb2
bb2:
  %v14 = and i32 %v0, 15
  %v15 = zext i32 %v14 to i64
  %v18 = mul nuw nsw i64 %v15, 8
  %v19 = getelementptr i8, ptr %s0, i64 %v18
  %v20 = load i64, ptr %v19, align 8
  %v21 = call i64 asm sideeffect "", "=r,0"(i64 %v20)
  %v22 = trunc i64 %v21 to i32
  ret i32 %v22
}

attributes #0 = { nounwind }
