; golden of string-literal.lir: printLLVM for x86_64-linux; regenerate with BLESS=1
source_filename = "string_literal"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@str_hay = private unnamed_addr constant [28 x i8] c"say \22hi\22 \5C to the needle\0A\C3\A9\00", align 1
@str_needle = private unnamed_addr constant [6 x i8] c"needle", align 1

define noundef i32 @kernel(i32 noundef %v0) #0 {
bb0:
  %v5 = call i64 @fz_view_find(ptr @str_hay, i64 28, ptr @str_needle, i64 6)
  %v6 = trunc i64 %v5 to i32
  ret i32 %v6
}

declare i64 @fz_view_find(ptr, i64, ptr, i64) #1

attributes #0 = { nounwind }
attributes #1 = { nounwind willreturn argmemonly readonly }
