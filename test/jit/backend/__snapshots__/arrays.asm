; function <script>()  slots=0 vregs=9 entry=b0
; b0 entry:
;   v0 = func 0 (sum)                     ; 1:10
;   storeGlobal 0 (sum), v0               ; 1:10
;   v1 = loadGlobal 0 (sum)               ; 8:13
;   v2 = const 1                          ; 8:18
;   v3 = const 2                          ; 8:21
;   v4 = const 3                          ; 8:24
;   v5 = array [v2, v3, v4]               ; 8:17
;   v6 = call v1(v5)                      ; 8:13
;   v7 = callBuiltin console.log(v6)      ; 8:1
;   v8 = const undefined                  ; 8:1
;   return v8                             ; 8:1
       0:	55                   	push   rbp
       1:	48 89 e5             	mov    rbp,rsp
       4:	48 83 ec 50          	sub    rsp,0x50
       8:	49 8b 07             	mov    rax,QWORD PTR [r15]
       b:	48 89 45 f8          	mov    QWORD PTR [rbp-0x8],rax
       f:	48 8b 45 f8          	mov    rax,QWORD PTR [rbp-0x8]
      13:	49 89 07             	mov    QWORD PTR [r15],rax
      16:	49 8b 07             	mov    rax,QWORD PTR [r15]
      19:	48 89 45 f0          	mov    QWORD PTR [rbp-0x10],rax
      1d:	48 b8 00 00 00 00 00 00 f0 3f	movabs rax,0x3ff0000000000000
      27:	48 89 45 e8          	mov    QWORD PTR [rbp-0x18],rax
      2b:	48 b8 00 00 00 00 00 00 00 40	movabs rax,0x4000000000000000
      35:	48 89 45 e0          	mov    QWORD PTR [rbp-0x20],rax
      39:	48 b8 00 00 00 00 00 00 08 40	movabs rax,0x4008000000000000
      43:	48 89 45 d8          	mov    QWORD PTR [rbp-0x28],rax
      47:	48 8b 55 d8          	mov    rdx,QWORD PTR [rbp-0x28]
      4b:	52                   	push   rdx
      4c:	48 8b 55 e0          	mov    rdx,QWORD PTR [rbp-0x20]
      50:	52                   	push   rdx
      51:	48 8b 55 e8          	mov    rdx,QWORD PTR [rbp-0x18]
      55:	52                   	push   rdx
      56:	48 89 e7             	mov    rdi,rsp
      59:	48 c7 c6 03 00 00 00 	mov    rsi,0x3
      60:	49 bb 38 10 00 00 00 7f 00 00	movabs r11,0x7f0000001038
      6a:	41 ff 13             	call   QWORD PTR [r11]
      6d:	48 89 45 d0          	mov    QWORD PTR [rbp-0x30],rax
      71:	48 83 c4 18          	add    rsp,0x18
      75:	48 8b 45 f0          	mov    rax,QWORD PTR [rbp-0x10]
      79:	48 b9 00 00 00 00 00 00 fe ff	movabs rcx,0xfffe000000000000
      83:	48 31 c8             	xor    rax,rcx
      86:	48 89 c1             	mov    rcx,rax
      89:	48 c1 e9 30          	shr    rcx,0x30
      8d:	75 64                	jne    0xf3
      8f:	49 89 c2             	mov    r10,rax
      92:	48 8b 40 18          	mov    rax,QWORD PTR [rax+0x18]
      96:	48 8b 55 d0          	mov    rdx,QWORD PTR [rbp-0x30]
      9a:	52                   	push   rdx
      9b:	49 bb 00 20 00 00 00 7f 00 00	movabs r11,0x7f0000002000
      a5:	48 c7 c1 01 00 00 00 	mov    rcx,0x1
      ac:	41 ff 14 c3          	call   QWORD PTR [r11+rax*8]
      b0:	48 83 c4 08          	add    rsp,0x8
      b4:	48 89 45 c8          	mov    QWORD PTR [rbp-0x38],rax
      b8:	48 8b 55 c8          	mov    rdx,QWORD PTR [rbp-0x38]
      bc:	52                   	push   rdx
      bd:	48 89 e7             	mov    rdi,rsp
      c0:	48 c7 c6 01 00 00 00 	mov    rsi,0x1
      c7:	49 bb 58 10 00 00 00 7f 00 00	movabs r11,0x7f0000001058
      d1:	41 ff 13             	call   QWORD PTR [r11]
      d4:	48 89 45 c0          	mov    QWORD PTR [rbp-0x40],rax
      d8:	48 83 c4 08          	add    rsp,0x8
      dc:	48 b8 00 00 00 00 00 00 f9 ff	movabs rax,0xfff9000000000000
      e6:	48 89 45 b8          	mov    QWORD PTR [rbp-0x48],rax
      ea:	48 8b 45 b8          	mov    rax,QWORD PTR [rbp-0x48]
      ee:	48 89 ec             	mov    rsp,rbp
      f1:	5d                   	pop    rbp
      f2:	c3                   	ret
      f3:	48 8b 7d f0          	mov    rdi,QWORD PTR [rbp-0x10]
      f7:	48 be 00 01 00 00 00 00 fc ff	movabs rsi,0xfffc000000000100
     101:	49 bb 68 10 00 00 00 7f 00 00	movabs r11,0x7f0000001068
     10b:	41 ff 13             	call   QWORD PTR [r11]
     10e:	e9 7c ff ff ff       	jmp    0x8f

; function sum(a)  slots=3 vregs=24 entry=b0
; b0 entry:
;   v0 = const 0                          ; 2:11
;   storeLocal 1 (s), v0                  ; 2:7
;   v1 = const 0                          ; 3:16
;   storeLocal 2 (i), v1                  ; 3:12
;   jump b1                               ; 3:12
; b1 for.head:
;   v2 = loadLocal 2 (i)                  ; 3:19
;   v3 = loadLocal 0 (a)                  ; 3:23
;   v4 = length v3                        ; 3:23
;   v5 = binary < v2, v4                  ; 3:19
;   br v5, b2, b4                         ; 3:19
; b2 for.body:
;   v6 = loadLocal 1 (s)                  ; 3:42
;   v7 = loadLocal 0 (a)                  ; 3:46
;   v8 = loadLocal 2 (i)                  ; 3:48
;   v9 = getIndex v7[v8]                  ; 3:46
;   v10 = binary + v6, v9                 ; 3:42
;   storeLocal 1 (s), v10                 ; 3:38
;   jump b3                               ; 3:3
; b3 for.update:
;   v11 = loadLocal 2 (i)                 ; 3:33
;   v12 = unary + v11                     ; 3:33
;   v13 = const 1                         ; 3:33
;   v14 = binary + v12, v13               ; 3:33
;   storeLocal 2 (i), v14                 ; 3:33
;   jump b1                               ; 3:33
; b4 for.exit:
;   v15 = loadLocal 0 (a)                 ; 4:3
;   v16 = loadLocal 0 (a)                 ; 4:5
;   v17 = length v16                      ; 4:5
;   v18 = loadLocal 1 (s)                 ; 4:17
;   setIndex v15[v17], v18                ; 4:3
;   v19 = loadLocal 0 (a)                 ; 5:3
;   v20 = loadLocal 1 (s)                 ; 5:21
;   v21 = callBuiltin Math.floor(v20)     ; 5:10
;   v22 = callBuiltin push(v19, v21)      ; 5:3
;   v23 = loadLocal 1 (s)                 ; 6:10
;   return v23                            ; 6:3
       0:	55                   	push   rbp
       1:	48 89 e5             	mov    rbp,rsp
       4:	48 81 ec e0 00 00 00 	sub    rsp,0xe0
       b:	48 b8 00 00 00 00 00 00 f9 ff	movabs rax,0xfff9000000000000
      15:	48 83 f9 01          	cmp    rcx,0x1
      19:	7c 04                	jl     0x1f
      1b:	48 8b 45 10          	mov    rax,QWORD PTR [rbp+0x10]
      1f:	48 89 45 f8          	mov    QWORD PTR [rbp-0x8],rax
      23:	48 b8 00 00 00 00 00 00 f9 ff	movabs rax,0xfff9000000000000
      2d:	48 89 45 f0          	mov    QWORD PTR [rbp-0x10],rax
      31:	48 89 45 e8          	mov    QWORD PTR [rbp-0x18],rax
      35:	48 c7 c0 00 00 00 00 	mov    rax,0x0
      3c:	48 89 45 e0          	mov    QWORD PTR [rbp-0x20],rax
      40:	48 8b 45 e0          	mov    rax,QWORD PTR [rbp-0x20]
      44:	48 89 45 f0          	mov    QWORD PTR [rbp-0x10],rax
      48:	48 c7 c0 00 00 00 00 	mov    rax,0x0
      4f:	48 89 45 d8          	mov    QWORD PTR [rbp-0x28],rax
      53:	48 8b 45 d8          	mov    rax,QWORD PTR [rbp-0x28]
      57:	48 89 45 e8          	mov    QWORD PTR [rbp-0x18],rax
      5b:	48 8b 45 e8          	mov    rax,QWORD PTR [rbp-0x18]
      5f:	48 89 45 d0          	mov    QWORD PTR [rbp-0x30],rax
      63:	48 8b 45 f8          	mov    rax,QWORD PTR [rbp-0x8]
      67:	48 89 45 c8          	mov    QWORD PTR [rbp-0x38],rax
      6b:	48 8b 45 c8          	mov    rax,QWORD PTR [rbp-0x38]
      6f:	48 b9 00 00 00 00 00 00 fd ff	movabs rcx,0xfffd000000000000
      79:	48 31 c8             	xor    rax,rcx
      7c:	48 89 c1             	mov    rcx,rax
      7f:	48 c1 e9 30          	shr    rcx,0x30
      83:	0f 85 69 02 00 00    	jne    0x2f2
      89:	f2 48 0f 2a 00       	cvtsi2sd xmm0,QWORD PTR [rax]
      8e:	66 0f d6 45 c0       	movq   QWORD PTR [rbp-0x40],xmm0
      93:	f3 0f 7e 45 c0       	movq   xmm0,QWORD PTR [rbp-0x40]
      98:	66 0f 2e 45 d0       	ucomisd xmm0,QWORD PTR [rbp-0x30]
      9d:	0f 8a 73 02 00 00    	jp     0x316
      a3:	0f 86 f1 00 00 00    	jbe    0x19a
      a9:	48 8b 45 f0          	mov    rax,QWORD PTR [rbp-0x10]
      ad:	48 89 45 b0          	mov    QWORD PTR [rbp-0x50],rax
      b1:	48 8b 45 f8          	mov    rax,QWORD PTR [rbp-0x8]
      b5:	48 89 45 a8          	mov    QWORD PTR [rbp-0x58],rax
      b9:	48 8b 45 e8          	mov    rax,QWORD PTR [rbp-0x18]
      bd:	48 89 45 a0          	mov    QWORD PTR [rbp-0x60],rax
      c1:	48 8b 45 a8          	mov    rax,QWORD PTR [rbp-0x58]
      c5:	48 b9 00 00 00 00 00 00 fd ff	movabs rcx,0xfffd000000000000
      cf:	48 31 c8             	xor    rax,rcx
      d2:	48 89 c1             	mov    rcx,rax
      d5:	48 c1 e9 30          	shr    rcx,0x30
      d9:	0f 85 6f 02 00 00    	jne    0x34e
      df:	f2 48 0f 2c 55 a0    	cvttsd2si rdx,QWORD PTR [rbp-0x60]
      e5:	f2 48 0f 2a c2       	cvtsi2sd xmm0,rdx
      ea:	66 0f 2e 45 a0       	ucomisd xmm0,QWORD PTR [rbp-0x60]
      ef:	0f 85 59 02 00 00    	jne    0x34e
      f5:	48 3b 10             	cmp    rdx,QWORD PTR [rax]
      f8:	0f 83 50 02 00 00    	jae    0x34e
      fe:	48 8b 48 10          	mov    rcx,QWORD PTR [rax+0x10]
     102:	48 8b 04 d1          	mov    rax,QWORD PTR [rcx+rdx*8]
     106:	48 b9 01 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000001
     110:	48 39 c8             	cmp    rax,rcx
     113:	0f 84 53 02 00 00    	je     0x36c
     119:	48 89 45 98          	mov    QWORD PTR [rbp-0x68],rax
     11d:	f3 0f 7e 45 b0       	movq   xmm0,QWORD PTR [rbp-0x50]
     122:	f2 0f 58 45 98       	addsd  xmm0,QWORD PTR [rbp-0x68]
     127:	66 0f 2e c0          	ucomisd xmm0,xmm0
     12b:	0f 8a 6f 02 00 00    	jp     0x3a0
     131:	66 0f d6 45 90       	movq   QWORD PTR [rbp-0x70],xmm0
     136:	48 8b 45 90          	mov    rax,QWORD PTR [rbp-0x70]
     13a:	48 89 45 f0          	mov    QWORD PTR [rbp-0x10],rax
     13e:	48 8b 45 e8          	mov    rax,QWORD PTR [rbp-0x18]
     142:	48 89 45 88          	mov    QWORD PTR [rbp-0x78],rax
     146:	f3 0f 7e 45 88       	movq   xmm0,QWORD PTR [rbp-0x78]
     14b:	66 0f 2e c0          	ucomisd xmm0,xmm0
     14f:	0f 8a 74 02 00 00    	jp     0x3c9
     155:	66 0f d6 45 80       	movq   QWORD PTR [rbp-0x80],xmm0
     15a:	48 b8 00 00 00 00 00 00 f0 3f	movabs rax,0x3ff0000000000000
     164:	48 89 85 78 ff ff ff 	mov    QWORD PTR [rbp-0x88],rax
     16b:	f3 0f 7e 45 80       	movq   xmm0,QWORD PTR [rbp-0x80]
     170:	f2 0f 58 85 78 ff ff ff	addsd  xmm0,QWORD PTR [rbp-0x88]
     178:	66 0f 2e c0          	ucomisd xmm0,xmm0
     17c:	0f 8a 93 02 00 00    	jp     0x415
     182:	66 0f d6 85 70 ff ff ff	movq   QWORD PTR [rbp-0x90],xmm0
     18a:	48 8b 85 70 ff ff ff 	mov    rax,QWORD PTR [rbp-0x90]
     191:	48 89 45 e8          	mov    QWORD PTR [rbp-0x18],rax
     195:	e9 c1 fe ff ff       	jmp    0x5b
     19a:	48 8b 45 f8          	mov    rax,QWORD PTR [rbp-0x8]
     19e:	48 89 85 68 ff ff ff 	mov    QWORD PTR [rbp-0x98],rax
     1a5:	48 8b 45 f8          	mov    rax,QWORD PTR [rbp-0x8]
     1a9:	48 89 85 60 ff ff ff 	mov    QWORD PTR [rbp-0xa0],rax
     1b0:	48 8b 85 60 ff ff ff 	mov    rax,QWORD PTR [rbp-0xa0]
     1b7:	48 b9 00 00 00 00 00 00 fd ff	movabs rcx,0xfffd000000000000
     1c1:	48 31 c8             	xor    rax,rcx
     1c4:	48 89 c1             	mov    rcx,rax
     1c7:	48 c1 e9 30          	shr    rcx,0x30
     1cb:	0f 85 93 02 00 00    	jne    0x464
     1d1:	f2 48 0f 2a 00       	cvtsi2sd xmm0,QWORD PTR [rax]
     1d6:	66 0f d6 85 58 ff ff ff	movq   QWORD PTR [rbp-0xa8],xmm0
     1de:	48 8b 45 f0          	mov    rax,QWORD PTR [rbp-0x10]
     1e2:	48 89 85 50 ff ff ff 	mov    QWORD PTR [rbp-0xb0],rax
     1e9:	48 8b 85 68 ff ff ff 	mov    rax,QWORD PTR [rbp-0x98]
     1f0:	48 b9 00 00 00 00 00 00 fd ff	movabs rcx,0xfffd000000000000
     1fa:	48 31 c8             	xor    rax,rcx
     1fd:	48 89 c1             	mov    rcx,rax
     200:	48 c1 e9 30          	shr    rcx,0x30
     204:	0f 85 81 02 00 00    	jne    0x48b
     20a:	f2 48 0f 2c 95 58 ff ff ff	cvttsd2si rdx,QWORD PTR [rbp-0xa8]
     213:	f2 48 0f 2a c2       	cvtsi2sd xmm0,rdx
     218:	66 0f 2e 85 58 ff ff ff	ucomisd xmm0,QWORD PTR [rbp-0xa8]
     220:	0f 85 65 02 00 00    	jne    0x48b
     226:	48 3b 10             	cmp    rdx,QWORD PTR [rax]
     229:	0f 83 83 02 00 00    	jae    0x4b2
     22f:	48 8b 48 10          	mov    rcx,QWORD PTR [rax+0x10]
     233:	4c 8b 85 50 ff ff ff 	mov    r8,QWORD PTR [rbp-0xb0]
     23a:	4c 89 04 d1          	mov    QWORD PTR [rcx+rdx*8],r8
     23e:	48 8b 45 f8          	mov    rax,QWORD PTR [rbp-0x8]
     242:	48 89 85 48 ff ff ff 	mov    QWORD PTR [rbp-0xb8],rax
     249:	48 8b 45 f0          	mov    rax,QWORD PTR [rbp-0x10]
     24d:	48 89 85 40 ff ff ff 	mov    QWORD PTR [rbp-0xc0],rax
     254:	66 0f 3a 0b 85 40 ff ff ff 09	roundsd xmm0,QWORD PTR [rbp-0xc0],0x9
     25e:	66 0f 2e c0          	ucomisd xmm0,xmm0
     262:	0f 8a 5e 02 00 00    	jp     0x4c6
     268:	66 0f d6 85 38 ff ff ff	movq   QWORD PTR [rbp-0xc8],xmm0
     270:	48 8b 85 48 ff ff ff 	mov    rax,QWORD PTR [rbp-0xb8]
     277:	48 b9 00 00 00 00 00 00 fd ff	movabs rcx,0xfffd000000000000
     281:	48 31 c8             	xor    rax,rcx
     284:	48 89 c1             	mov    rcx,rax
     287:	48 c1 e9 30          	shr    rcx,0x30
     28b:	0f 85 6b 02 00 00    	jne    0x4fc
     291:	48 8b 10             	mov    rdx,QWORD PTR [rax]
     294:	48 3b 50 08          	cmp    rdx,QWORD PTR [rax+0x8]
     298:	0f 83 5e 02 00 00    	jae    0x4fc
     29e:	48 8b 48 10          	mov    rcx,QWORD PTR [rax+0x10]
     2a2:	4c 8b 85 38 ff ff ff 	mov    r8,QWORD PTR [rbp-0xc8]
     2a9:	4c 89 04 d1          	mov    QWORD PTR [rcx+rdx*8],r8
     2ad:	48 83 c2 01          	add    rdx,0x1
     2b1:	48 89 10             	mov    QWORD PTR [rax],rdx
     2b4:	f2 48 0f 2a c2       	cvtsi2sd xmm0,rdx
     2b9:	66 0f d6 85 30 ff ff ff	movq   QWORD PTR [rbp-0xd0],xmm0
     2c1:	48 8b 45 f0          	mov    rax,QWORD PTR [rbp-0x10]
     2c5:	48 89 85 28 ff ff ff 	mov    QWORD PTR [rbp-0xd8],rax
     2cc:	48 8b 85 28 ff ff ff 	mov    rax,QWORD PTR [rbp-0xd8]
     2d3:	48 89 ec             	mov    rsp,rbp
     2d6:	5d                   	pop    rbp
     2d7:	c3                   	ret
     2d8:	48 8b 7d c8          	mov    rdi,QWORD PTR [rbp-0x38]
     2dc:	49 bb 28 10 00 00 00 7f 00 00	movabs r11,0x7f0000001028
     2e6:	41 ff 13             	call   QWORD PTR [r11]
     2e9:	48 89 45 c0          	mov    QWORD PTR [rbp-0x40],rax
     2ed:	e9 a1 fd ff ff       	jmp    0x93
     2f2:	48 8b 45 c8          	mov    rax,QWORD PTR [rbp-0x38]
     2f6:	48 b9 00 00 00 00 00 00 fc ff	movabs rcx,0xfffc000000000000
     300:	48 31 c8             	xor    rax,rcx
     303:	48 89 c1             	mov    rcx,rax
     306:	48 c1 e9 30          	shr    rcx,0x30
     30a:	75 cc                	jne    0x2d8
     30c:	f2 48 0f 2a 00       	cvtsi2sd xmm0,QWORD PTR [rax]
     311:	e9 78 fd ff ff       	jmp    0x8e
     316:	48 c7 c7 0a 00 00 00 	mov    rdi,0xa
     31d:	48 8b 75 d0          	mov    rsi,QWORD PTR [rbp-0x30]
     321:	48 8b 55 c0          	mov    rdx,QWORD PTR [rbp-0x40]
     325:	49 bb 00 10 00 00 00 7f 00 00	movabs r11,0x7f0000001000
     32f:	41 ff 13             	call   QWORD PTR [r11]
     332:	48 89 45 b8          	mov    QWORD PTR [rbp-0x48],rax
     336:	48 b9 01 00 00 00 00 00 fb ff	movabs rcx,0xfffb000000000001
     340:	48 39 c8             	cmp    rax,rcx
     343:	0f 84 60 fd ff ff    	je     0xa9
     349:	e9 4c fe ff ff       	jmp    0x19a
     34e:	48 8b 7d a8          	mov    rdi,QWORD PTR [rbp-0x58]
     352:	48 8b 75 a0          	mov    rsi,QWORD PTR [rbp-0x60]
     356:	49 bb 18 10 00 00 00 7f 00 00	movabs r11,0x7f0000001018
     360:	41 ff 13             	call   QWORD PTR [r11]
     363:	48 89 45 98          	mov    QWORD PTR [rbp-0x68],rax
     367:	e9 b1 fd ff ff       	jmp    0x11d
     36c:	48 b8 00 00 00 00 00 00 f9 ff	movabs rax,0xfff9000000000000
     376:	e9 9e fd ff ff       	jmp    0x119
     37b:	48 c7 c7 00 00 00 00 	mov    rdi,0x0
     382:	48 8b 75 b0          	mov    rsi,QWORD PTR [rbp-0x50]
     386:	48 8b 55 98          	mov    rdx,QWORD PTR [rbp-0x68]
     38a:	49 bb 00 10 00 00 00 7f 00 00	movabs r11,0x7f0000001000
     394:	41 ff 13             	call   QWORD PTR [r11]
     397:	48 89 45 90          	mov    QWORD PTR [rbp-0x70],rax
     39b:	e9 96 fd ff ff       	jmp    0x136
     3a0:	48 b9 00 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000000
     3aa:	48 39 4d b0          	cmp    QWORD PTR [rbp-0x50],rcx
     3ae:	73 cb                	jae    0x37b
     3b0:	48 39 4d 98          	cmp    QWORD PTR [rbp-0x68],rcx
     3b4:	73 c5                	jae    0x37b
     3b6:	48 b8 00 00 00 00 00 00 f8 ff	movabs rax,0xfff8000000000000
     3c0:	48 89 45 90          	mov    QWORD PTR [rbp-0x70],rax
     3c4:	e9 6d fd ff ff       	jmp    0x136
     3c9:	48 c7 c7 01 00 00 00 	mov    rdi,0x1
     3d0:	48 8b 75 88          	mov    rsi,QWORD PTR [rbp-0x78]
     3d4:	49 bb 08 10 00 00 00 7f 00 00	movabs r11,0x7f0000001008
     3de:	41 ff 13             	call   QWORD PTR [r11]
     3e1:	48 89 45 80          	mov    QWORD PTR [rbp-0x80],rax
     3e5:	e9 70 fd ff ff       	jmp    0x15a
     3ea:	48 c7 c7 00 00 00 00 	mov    rdi,0x0
     3f1:	48 8b 75 80          	mov    rsi,QWORD PTR [rbp-0x80]
     3f5:	48 8b 95 78 ff ff ff 	mov    rdx,QWORD PTR [rbp-0x88]
     3fc:	49 bb 00 10 00 00 00 7f 00 00	movabs r11,0x7f0000001000
     406:	41 ff 13             	call   QWORD PTR [r11]
     409:	48 89 85 70 ff ff ff 	mov    QWORD PTR [rbp-0x90],rax
     410:	e9 75 fd ff ff       	jmp    0x18a
     415:	48 b9 00 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000000
     41f:	48 39 4d 80          	cmp    QWORD PTR [rbp-0x80],rcx
     423:	73 c5                	jae    0x3ea
     425:	48 39 8d 78 ff ff ff 	cmp    QWORD PTR [rbp-0x88],rcx
     42c:	73 bc                	jae    0x3ea
     42e:	48 b8 00 00 00 00 00 00 f8 ff	movabs rax,0xfff8000000000000
     438:	48 89 85 70 ff ff ff 	mov    QWORD PTR [rbp-0x90],rax
     43f:	e9 46 fd ff ff       	jmp    0x18a
     444:	48 8b bd 60 ff ff ff 	mov    rdi,QWORD PTR [rbp-0xa0]
     44b:	49 bb 28 10 00 00 00 7f 00 00	movabs r11,0x7f0000001028
     455:	41 ff 13             	call   QWORD PTR [r11]
     458:	48 89 85 58 ff ff ff 	mov    QWORD PTR [rbp-0xa8],rax
     45f:	e9 7a fd ff ff       	jmp    0x1de
     464:	48 8b 85 60 ff ff ff 	mov    rax,QWORD PTR [rbp-0xa0]
     46b:	48 b9 00 00 00 00 00 00 fc ff	movabs rcx,0xfffc000000000000
     475:	48 31 c8             	xor    rax,rcx
     478:	48 89 c1             	mov    rcx,rax
     47b:	48 c1 e9 30          	shr    rcx,0x30
     47f:	75 c3                	jne    0x444
     481:	f2 48 0f 2a 00       	cvtsi2sd xmm0,QWORD PTR [rax]
     486:	e9 4b fd ff ff       	jmp    0x1d6
     48b:	48 8b bd 68 ff ff ff 	mov    rdi,QWORD PTR [rbp-0x98]
     492:	48 8b b5 58 ff ff ff 	mov    rsi,QWORD PTR [rbp-0xa8]
     499:	48 8b 95 50 ff ff ff 	mov    rdx,QWORD PTR [rbp-0xb0]
     4a0:	49 bb 20 10 00 00 00 7f 00 00	movabs r11,0x7f0000001020
     4aa:	41 ff 13             	call   QWORD PTR [r11]
     4ad:	e9 8c fd ff ff       	jmp    0x23e
     4b2:	75 d7                	jne    0x48b
     4b4:	48 3b 50 08          	cmp    rdx,QWORD PTR [rax+0x8]
     4b8:	73 d1                	jae    0x48b
     4ba:	48 8d 4a 01          	lea    rcx,[rdx+0x1]
     4be:	48 89 08             	mov    QWORD PTR [rax],rcx
     4c1:	e9 69 fd ff ff       	jmp    0x22f
     4c6:	48 8b 95 40 ff ff ff 	mov    rdx,QWORD PTR [rbp-0xc0]
     4cd:	52                   	push   rdx
     4ce:	48 c7 c7 0f 00 00 00 	mov    rdi,0xf
     4d5:	48 89 e6             	mov    rsi,rsp
     4d8:	48 c7 c2 01 00 00 00 	mov    rdx,0x1
     4df:	49 bb 50 10 00 00 00 7f 00 00	movabs r11,0x7f0000001050
     4e9:	41 ff 13             	call   QWORD PTR [r11]
     4ec:	48 89 85 38 ff ff ff 	mov    QWORD PTR [rbp-0xc8],rax
     4f3:	48 83 c4 08          	add    rsp,0x8
     4f7:	e9 74 fd ff ff       	jmp    0x270
     4fc:	48 8b 95 38 ff ff ff 	mov    rdx,QWORD PTR [rbp-0xc8]
     503:	52                   	push   rdx
     504:	48 8b bd 48 ff ff ff 	mov    rdi,QWORD PTR [rbp-0xb8]
     50b:	48 89 e6             	mov    rsi,rsp
     50e:	48 c7 c2 01 00 00 00 	mov    rdx,0x1
     515:	49 bb 40 10 00 00 00 7f 00 00	movabs r11,0x7f0000001040
     51f:	41 ff 13             	call   QWORD PTR [r11]
     522:	48 89 85 30 ff ff ff 	mov    QWORD PTR [rbp-0xd0],rax
     529:	48 83 c4 08          	add    rsp,0x8
     52d:	e9 8f fd ff ff       	jmp    0x2c1
