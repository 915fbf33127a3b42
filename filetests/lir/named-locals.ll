; golden of named-locals.lir: printLLVM for x86_64-linux; regenerate with BLESS=1
source_filename = "named_locals"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

define noundef i32 @kernel(i32 noundef %arg0) #0 !dbg !6 {
entry.1:
  %s0 = alloca [8 x i8], align 4
  br label %entry
entry:
  %x = phi i32 [ %arg0, %entry.1 ], [ %t0, %"loop head" ], [ %bb2, %"loop head.e1" ]
  ; %more = icmp.slt %x, %limit
  %"q\22u\5Cote" = icmp slt i32 %x, 100, !dbg !7
  ; run this
  br i1 %"q\22u\5Cote", label %"loop head", label %run, !dbg !10
"loop head":
  ; %more = icmp.slt %x, %limit
  %"0" = add i32 %x, 7, !dbg !7
  %t0.1 = getelementptr inbounds i8, ptr %s0, i64 4, !dbg !11
  store i32 %"0", ptr %t0.1, align 4, !dbg !11
  %t1 = getelementptr inbounds i8, ptr %s0, i64 4, !dbg !11
  %t0 = load i32, ptr %t1, align 4, !dbg !11
  %v7.1 = icmp eq i32 %t0, %"0"
  %v7 = add i32 %t0, 7
  %bb2 = sub i32 %v7, 7
  br i1 %v7.1, label %entry, label %"loop head.e1", !dbg !11
"loop head.e1":
  br label %entry
run:
  %x.1 = phi i32 [ %x, %entry ]
  ; ret %x
  ret i32 %x.1
}

attributes #0 = { nounwind }

!llvm.dbg.cu = !{!1}
!llvm.module.flags = !{!2, !3}
!0 = !DIFile(filename: "src/main app.fz", directory: "")
!1 = distinct !DICompileUnit(language: DW_LANG_C99, file: !0, producer: "fzy", isOptimized: false, runtimeVersion: 0, emissionKind: LineTablesOnly)
!2 = !{i32 7, !"Dwarf Version", i32 5}
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = !{}
!5 = !DISubroutineType(types: !4)
!6 = distinct !DISubprogram(name: "kernel", scope: !0, file: !0, line: 7, type: !5, scopeLine: 7, spFlags: DISPFlagDefinition, unit: !1)
!7 = !DILocation(line: 7, column: 9, scope: !6)
!8 = !DIFile(filename: "lib/other.fz", directory: "")
!9 = !DILexicalBlockFile(scope: !6, file: !8, discriminator: 0)
!10 = !DILocation(line: 2, column: 1, scope: !9)
!11 = !DILocation(line: 9, column: 3, scope: !6)
