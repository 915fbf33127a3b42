; golden of data-relocs.lir: printLLVM for x86_64-linux; regenerate with BLESS=1
source_filename = "data_relocs"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@text = private unnamed_addr constant [10 x i8] c"alpha beta", align 1
@views = private unnamed_addr constant <{ ptr, [8 x i8], ptr, [8 x i8] }> <{ ptr @text, [8 x i8] c"\05\00\00\00\00\00\00\00", ptr getelementptr (i8, ptr @text, i64 6), [8 x i8] c"\04\00\00\00\00\00\00\00" }>, align 8
@counter = internal global [8 x i8] zeroinitializer, align 8

define noundef i32 @kernel(i32 noundef %v0) #0 {
bb0:
  %t0 = getelementptr inbounds i8, ptr @views, i64 16
  %v2 = load ptr, ptr %t0, align 8
  %t1 = getelementptr inbounds i8, ptr @views, i64 24
  %v3 = load i64, ptr %t1, align 8
  %v4 = call ptr @fz_str_intern(ptr %v2, i64 %v3)
  %v6 = call ptr @fz_array_new_filled(i64 1, i64 1)
  %v8 = ptrtoint ptr %v4 to i64
  call void @fz_array_set(ptr %v6, i64 0, i64 %v8)
  %v10 = call i64 @fz_array_get(ptr %v6, i64 0)
  %v11 = inttoptr i64 %v10 to ptr
  %v12 = call i64 @fz_str_len(ptr %v11)
  %v14 = load i64, ptr @counter, align 8
  %v15 = add i64 %v14, %v12
  store i64 %v15, ptr @counter, align 8
  %v16 = trunc i64 %v12 to i32
  ret i32 %v16
}

declare ptr @fz_str_intern(ptr, i64) #0
declare ptr @fz_array_new_filled(i64, i64) #0
declare void @fz_array_set(ptr, i64, i64) #0
declare i64 @fz_array_get(ptr, i64) #0
declare i64 @fz_str_len(ptr) #0

attributes #0 = { nounwind }
