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
      8d:	75 6e                	jne    0xfd
      8f:	49 89 c2             	mov    r10,rax
      92:	48 8b 40 20          	mov    rax,QWORD PTR [rax+0x20]
      96:	48 8b 55 d0          	mov    rdx,QWORD PTR [rbp-0x30]
      9a:	52                   	push   rdx
      9b:	49 bb 00 20 00 00 00 7f 00 00	movabs r11,0x7f0000002000
      a5:	48 c7 c1 01 00 00 00 	mov    rcx,0x1
      ac:	48 ba 00 00 00 00 00 00 f9 ff	movabs rdx,0xfff9000000000000
      b6:	41 ff 14 c3          	call   QWORD PTR [r11+rax*8]
      ba:	48 83 c4 08          	add    rsp,0x8
      be:	48 89 45 c8          	mov    QWORD PTR [rbp-0x38],rax
      c2:	48 8b 55 c8          	mov    rdx,QWORD PTR [rbp-0x38]
      c6:	52                   	push   rdx
      c7:	48 89 e7             	mov    rdi,rsp
      ca:	48 c7 c6 01 00 00 00 	mov    rsi,0x1
      d1:	49 bb 58 10 00 00 00 7f 00 00	movabs r11,0x7f0000001058
      db:	41 ff 13             	call   QWORD PTR [r11]
      de:	48 89 45 c0          	mov    QWORD PTR [rbp-0x40],rax
      e2:	48 83 c4 08          	add    rsp,0x8
      e6:	48 b8 00 00 00 00 00 00 f9 ff	movabs rax,0xfff9000000000000
      f0:	48 89 45 b8          	mov    QWORD PTR [rbp-0x48],rax
      f4:	48 8b 45 b8          	mov    rax,QWORD PTR [rbp-0x48]
      f8:	48 89 ec             	mov    rsp,rbp
      fb:	5d                   	pop    rbp
      fc:	c3                   	ret
      fd:	48 8b 7d f0          	mov    rdi,QWORD PTR [rbp-0x10]
     101:	48 be 00 01 00 00 00 00 fc ff	movabs rsi,0xfffc000000000100
     10b:	49 bb 68 10 00 00 00 7f 00 00	movabs r11,0x7f0000001068
     115:	41 ff 13             	call   QWORD PTR [r11]
     118:	e9 72 ff ff ff       	jmp    0x8f

; function sum(a)  slots=3 vregs=28 entry=b0
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
;   v20 = isArray v19                     ; 5:3
;   br v20, b6, b5                        ; 5:3
; b5 push.read:
;   v21 = getProp v19."push"              ; 5:3
;   jump b6                               ; 5:3
; b6 push.args:
;   v22 = loadLocal 1 (s)                 ; 5:21
;   v23 = callBuiltin Math.floor(v22)     ; 5:10
;   br v20, b7, b8                        ; 5:3
; b7 push.array:
;   v25 = callBuiltin push(v19, v23)      ; 5:3
;   v24 = copy v25                        ; 5:3
;   jump b9                               ; 5:3
; b8 push.call:
;   v26 = call v21(v23), this v19         ; 5:3
;   v24 = copy v26                        ; 5:3
;   jump b9                               ; 5:3
; b9 push.end:
;   v27 = loadLocal 1 (s)                 ; 6:10
;   return v27                            ; 6:3
       0:	55                   	push   rbp
       1:	48 89 e5             	mov    rbp,rsp
       4:	48 81 ec 00 01 00 00 	sub    rsp,0x100
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
      83:	0f 85 bc 03 00 00    	jne    0x445
      89:	f2 48 0f 2a 00       	cvtsi2sd xmm0,QWORD PTR [rax]
      8e:	66 0f d6 45 c0       	movq   QWORD PTR [rbp-0x40],xmm0
      93:	f3 0f 7e 45 c0       	movq   xmm0,QWORD PTR [rbp-0x40]
      98:	66 0f 2e 45 d0       	ucomisd xmm0,QWORD PTR [rbp-0x30]
      9d:	0f 8a c6 03 00 00    	jp     0x469
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
      d9:	0f 85 c2 03 00 00    	jne    0x4a1
      df:	f2 48 0f 2c 55 a0    	cvttsd2si rdx,QWORD PTR [rbp-0x60]
      e5:	f2 48 0f 2a c2       	cvtsi2sd xmm0,rdx
      ea:	66 0f 2e 45 a0       	ucomisd xmm0,QWORD PTR [rbp-0x60]
      ef:	0f 85 ac 03 00 00    	jne    0x4a1
      f5:	48 3b 10             	cmp    rdx,QWORD PTR [rax]
      f8:	0f 83 a3 03 00 00    	jae    0x4a1
      fe:	48 8b 48 10          	mov    rcx,QWORD PTR [rax+0x10]
     102:	48 8b 04 d1          	mov    rax,QWORD PTR [rcx+rdx*8]
     106:	48 b9 01 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000001
     110:	48 39 c8             	cmp    rax,rcx
     113:	0f 84 a6 03 00 00    	je     0x4bf
     119:	48 89 45 98          	mov    QWORD PTR [rbp-0x68],rax
     11d:	f3 0f 7e 45 b0       	movq   xmm0,QWORD PTR [rbp-0x50]
     122:	f2 0f 58 45 98       	addsd  xmm0,QWORD PTR [rbp-0x68]
     127:	66 0f 2e c0          	ucomisd xmm0,xmm0
     12b:	0f 8a c2 03 00 00    	jp     0x4f3
     131:	66 0f d6 45 90       	movq   QWORD PTR [rbp-0x70],xmm0
     136:	48 8b 45 90          	mov    rax,QWORD PTR [rbp-0x70]
     13a:	48 89 45 f0          	mov    QWORD PTR [rbp-0x10],rax
     13e:	48 8b 45 e8          	mov    rax,QWORD PTR [rbp-0x18]
     142:	48 89 45 88          	mov    QWORD PTR [rbp-0x78],rax
     146:	f3 0f 7e 45 88       	movq   xmm0,QWORD PTR [rbp-0x78]
     14b:	66 0f 2e c0          	ucomisd xmm0,xmm0
     14f:	0f 8a c7 03 00 00    	jp     0x51c
     155:	66 0f d6 45 80       	movq   QWORD PTR [rbp-0x80],xmm0
     15a:	48 b8 00 00 00 00 00 00 f0 3f	movabs rax,0x3ff0000000000000
     164:	48 89 85 78 ff ff ff 	mov    QWORD PTR [rbp-0x88],rax
     16b:	f3 0f 7e 45 80       	movq   xmm0,QWORD PTR [rbp-0x80]
     170:	f2 0f 58 85 78 ff ff ff	addsd  xmm0,QWORD PTR [rbp-0x88]
     178:	66 0f 2e c0          	ucomisd xmm0,xmm0
     17c:	0f 8a e6 03 00 00    	jp     0x568
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
     1cb:	0f 85 e6 03 00 00    	jne    0x5b7
     1d1:	f2 48 0f 2a 00       	cvtsi2sd xmm0,QWORD PTR [rax]
     1d6:	66 0f d6 85 58 ff ff ff	movq   QWORD PTR [rbp-0xa8],xmm0
     1de:	48 8b 45 f0          	mov    rax,QWORD PTR [rbp-0x10]
     1e2:	48 89 85 50 ff ff ff 	mov    QWORD PTR [rbp-0xb0],rax
     1e9:	48 8b 85 68 ff ff ff 	mov    rax,QWORD PTR [rbp-0x98]
     1f0:	48 b9 00 00 00 00 00 00 fd ff	movabs rcx,0xfffd000000000000
     1fa:	48 31 c8             	xor    rax,rcx
     1fd:	48 89 c1             	mov    rcx,rax
     200:	48 c1 e9 30          	shr    rcx,0x30
     204:	0f 85 d4 03 00 00    	jne    0x5de
     20a:	f2 48 0f 2c 95 58 ff ff ff	cvttsd2si rdx,QWORD PTR [rbp-0xa8]
     213:	f2 48 0f 2a c2       	cvtsi2sd xmm0,rdx
     218:	66 0f 2e 85 58 ff ff ff	ucomisd xmm0,QWORD PTR [rbp-0xa8]
     220:	0f 85 b8 03 00 00    	jne    0x5de
     226:	48 3b 10             	cmp    rdx,QWORD PTR [rax]
     229:	0f 83 d6 03 00 00    	jae    0x605
     22f:	48 8b 48 10          	mov    rcx,QWORD PTR [rax+0x10]
     233:	4c 8b 85 50 ff ff ff 	mov    r8,QWORD PTR [rbp-0xb0]
     23a:	4c 89 04 d1          	mov    QWORD PTR [rcx+rdx*8],r8
     23e:	48 8b 45 f8          	mov    rax,QWORD PTR [rbp-0x8]
     242:	48 89 85 48 ff ff ff 	mov    QWORD PTR [rbp-0xb8],rax
     249:	48 ba 00 00 00 00 00 00 fb ff	movabs rdx,0xfffb000000000000
     253:	48 8d 4a 01          	lea    rcx,[rdx+0x1]
     257:	48 8b 85 48 ff ff ff 	mov    rax,QWORD PTR [rbp-0xb8]
     25e:	48 c1 e8 30          	shr    rax,0x30
     262:	3d fd ff 00 00       	cmp    eax,0xfffd
     267:	48 0f 44 d1          	cmove  rdx,rcx
     26b:	48 89 95 40 ff ff ff 	mov    QWORD PTR [rbp-0xc0],rdx
     272:	48 8b 85 40 ff ff ff 	mov    rax,QWORD PTR [rbp-0xc0]
     279:	48 b9 00 00 00 00 00 00 fb ff	movabs rcx,0xfffb000000000000
     283:	48 39 c8             	cmp    rax,rcx
     286:	74 1e                	je     0x2a6
     288:	48 8d 49 01          	lea    rcx,[rcx+0x1]
     28c:	48 39 c8             	cmp    rax,rcx
     28f:	74 62                	je     0x2f3
     291:	66 48 0f 6e c0       	movq   xmm0,rax
     296:	66 0f 57 c9          	xorpd  xmm1,xmm1
     29a:	66 0f 2e c1          	ucomisd xmm0,xmm1
     29e:	0f 8a 75 03 00 00    	jp     0x619
     2a4:	75 4d                	jne    0x2f3
     2a6:	48 8b 85 48 ff ff ff 	mov    rax,QWORD PTR [rbp-0xb8]
     2ad:	48 b9 00 00 00 00 00 00 ff ff	movabs rcx,0xffff000000000000
     2b7:	48 31 c8             	xor    rax,rcx
     2ba:	48 89 c1             	mov    rcx,rax
     2bd:	48 c1 e9 30          	shr    rcx,0x30
     2c1:	0f 85 87 03 00 00    	jne    0x64e
     2c7:	0f 1f 80 00 00 00 00 	nop    DWORD PTR [rax+0x0]
     2ce:	48 b9 ff ff ff ff 00 00 00 00	movabs rcx,0xffffffff
     2d8:	3b 08                	cmp    ecx,DWORD PTR [rax]
     2da:	0f 85 6e 03 00 00    	jne    0x64e
     2e0:	48 c1 e9 20          	shr    rcx,0x20
     2e4:	48 8b 50 08          	mov    rdx,QWORD PTR [rax+0x8]
     2e8:	48 8b 04 0a          	mov    rax,QWORD PTR [rdx+rcx*1]
     2ec:	48 89 85 38 ff ff ff 	mov    QWORD PTR [rbp-0xc8],rax
     2f3:	48 8b 45 f0          	mov    rax,QWORD PTR [rbp-0x10]
     2f7:	48 89 85 30 ff ff ff 	mov    QWORD PTR [rbp-0xd0],rax
     2fe:	66 0f 3a 0b 85 30 ff ff ff 09	roundsd xmm0,QWORD PTR [rbp-0xd0],0x9
     308:	66 0f 2e c0          	ucomisd xmm0,xmm0
     30c:	0f 8a 63 03 00 00    	jp     0x675
     312:	66 0f d6 85 28 ff ff ff	movq   QWORD PTR [rbp-0xd8],xmm0
     31a:	48 8b 85 40 ff ff ff 	mov    rax,QWORD PTR [rbp-0xc0]
     321:	48 b9 00 00 00 00 00 00 fb ff	movabs rcx,0xfffb000000000000
     32b:	48 39 c8             	cmp    rax,rcx
     32e:	74 7f                	je     0x3af
     330:	48 8d 49 01          	lea    rcx,[rcx+0x1]
     334:	48 39 c8             	cmp    rax,rcx
     337:	74 15                	je     0x34e
     339:	66 48 0f 6e c0       	movq   xmm0,rax
     33e:	66 0f 57 c9          	xorpd  xmm1,xmm1
     342:	66 0f 2e c1          	ucomisd xmm0,xmm1
     346:	0f 8a 5f 03 00 00    	jp     0x6ab
     34c:	74 61                	je     0x3af
     34e:	48 8b 85 48 ff ff ff 	mov    rax,QWORD PTR [rbp-0xb8]
     355:	48 b9 00 00 00 00 00 00 fd ff	movabs rcx,0xfffd000000000000
     35f:	48 31 c8             	xor    rax,rcx
     362:	48 89 c1             	mov    rcx,rax
     365:	48 c1 e9 30          	shr    rcx,0x30
     369:	0f 85 71 03 00 00    	jne    0x6e0
     36f:	48 8b 10             	mov    rdx,QWORD PTR [rax]
     372:	48 3b 50 08          	cmp    rdx,QWORD PTR [rax+0x8]
     376:	0f 83 64 03 00 00    	jae    0x6e0
     37c:	48 8b 48 10          	mov    rcx,QWORD PTR [rax+0x10]
     380:	4c 8b 85 28 ff ff ff 	mov    r8,QWORD PTR [rbp-0xd8]
     387:	4c 89 04 d1          	mov    QWORD PTR [rcx+rdx*8],r8
     38b:	48 83 c2 01          	add    rdx,0x1
     38f:	48 89 10             	mov    QWORD PTR [rax],rdx
     392:	f2 48 0f 2a c2       	cvtsi2sd xmm0,rdx
     397:	66 0f d6 85 18 ff ff ff	movq   QWORD PTR [rbp-0xe8],xmm0
     39f:	48 8b 85 18 ff ff ff 	mov    rax,QWORD PTR [rbp-0xe8]
     3a6:	48 89 85 20 ff ff ff 	mov    QWORD PTR [rbp-0xe0],rax
     3ad:	eb 65                	jmp    0x414
     3af:	48 8b 85 38 ff ff ff 	mov    rax,QWORD PTR [rbp-0xc8]
     3b6:	48 b9 00 00 00 00 00 00 fe ff	movabs rcx,0xfffe000000000000
     3c0:	48 31 c8             	xor    rax,rcx
     3c3:	48 89 c1             	mov    rcx,rax
     3c6:	48 c1 e9 30          	shr    rcx,0x30
     3ca:	0f 85 46 03 00 00    	jne    0x716
     3d0:	49 89 c2             	mov    r10,rax
     3d3:	48 8b 40 20          	mov    rax,QWORD PTR [rax+0x20]
     3d7:	48 8b 95 28 ff ff ff 	mov    rdx,QWORD PTR [rbp-0xd8]
     3de:	52                   	push   rdx
     3df:	49 bb 00 20 00 00 00 7f 00 00	movabs r11,0x7f0000002000
     3e9:	48 c7 c1 01 00 00 00 	mov    rcx,0x1
     3f0:	48 8b 95 48 ff ff ff 	mov    rdx,QWORD PTR [rbp-0xb8]
     3f7:	41 ff 14 c3          	call   QWORD PTR [r11+rax*8]
     3fb:	48 83 c4 08          	add    rsp,0x8
     3ff:	48 89 85 10 ff ff ff 	mov    QWORD PTR [rbp-0xf0],rax
     406:	48 8b 85 10 ff ff ff 	mov    rax,QWORD PTR [rbp-0xf0]
     40d:	48 89 85 20 ff ff ff 	mov    QWORD PTR [rbp-0xe0],rax
     414:	48 8b 45 f0          	mov    rax,QWORD PTR [rbp-0x10]
     418:	48 89 85 08 ff ff ff 	mov    QWORD PTR [rbp-0xf8],rax
     41f:	48 8b 85 08 ff ff ff 	mov    rax,QWORD PTR [rbp-0xf8]
     426:	48 89 ec             	mov    rsp,rbp
     429:	5d                   	pop    rbp
     42a:	c3                   	ret
     42b:	48 8b 7d c8          	mov    rdi,QWORD PTR [rbp-0x38]
     42f:	49 bb 28 10 00 00 00 7f 00 00	movabs r11,0x7f0000001028
     439:	41 ff 13             	call   QWORD PTR [r11]
     43c:	48 89 45 c0          	mov    QWORD PTR [rbp-0x40],rax
     440:	e9 4e fc ff ff       	jmp    0x93
     445:	48 8b 45 c8          	mov    rax,QWORD PTR [rbp-0x38]
     449:	48 b9 00 00 00 00 00 00 fc ff	movabs rcx,0xfffc000000000000
     453:	48 31 c8             	xor    rax,rcx
     456:	48 89 c1             	mov    rcx,rax
     459:	48 c1 e9 30          	shr    rcx,0x30
     45d:	75 cc                	jne    0x42b
     45f:	f2 48 0f 2a 00       	cvtsi2sd xmm0,QWORD PTR [rax]
     464:	e9 25 fc ff ff       	jmp    0x8e
     469:	48 c7 c7 0a 00 00 00 	mov    rdi,0xa
     470:	48 8b 75 d0          	mov    rsi,QWORD PTR [rbp-0x30]
     474:	48 8b 55 c0          	mov    rdx,QWORD PTR [rbp-0x40]
     478:	49 bb 00 10 00 00 00 7f 00 00	movabs r11,0x7f0000001000
     482:	41 ff 13             	call   QWORD PTR [r11]
     485:	48 89 45 b8          	mov    QWORD PTR [rbp-0x48],rax
     489:	48 b9 01 00 00 00 00 00 fb ff	movabs rcx,0xfffb000000000001
     493:	48 39 c8             	cmp    rax,rcx
     496:	0f 84 0d fc ff ff    	je     0xa9
     49c:	e9 f9 fc ff ff       	jmp    0x19a
     4a1:	48 8b 7d a8          	mov    rdi,QWORD PTR [rbp-0x58]
     4a5:	48 8b 75 a0          	mov    rsi,QWORD PTR [rbp-0x60]
     4a9:	49 bb 18 10 00 00 00 7f 00 00	movabs r11,0x7f0000001018
     4b3:	41 ff 13             	call   QWORD PTR [r11]
     4b6:	48 89 45 98          	mov    QWORD PTR [rbp-0x68],rax
     4ba:	e9 5e fc ff ff       	jmp    0x11d
     4bf:	48 b8 00 00 00 00 00 00 f9 ff	movabs rax,0xfff9000000000000
     4c9:	e9 4b fc ff ff       	jmp    0x119
     4ce:	48 c7 c7 00 00 00 00 	mov    rdi,0x0
     4d5:	48 8b 75 b0          	mov    rsi,QWORD PTR [rbp-0x50]
     4d9:	48 8b 55 98          	mov    rdx,QWORD PTR [rbp-0x68]
     4dd:	49 bb 00 10 00 00 00 7f 00 00	movabs r11,0x7f0000001000
     4e7:	41 ff 13             	call   QWORD PTR [r11]
     4ea:	48 89 45 90          	mov    QWORD PTR [rbp-0x70],rax
     4ee:	e9 43 fc ff ff       	jmp    0x136
     4f3:	48 b9 00 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000000
     4fd:	48 39 4d b0          	cmp    QWORD PTR [rbp-0x50],rcx
     501:	73 cb                	jae    0x4ce
     503:	48 39 4d 98          	cmp    QWORD PTR [rbp-0x68],rcx
     507:	73 c5                	jae    0x4ce
     509:	48 b8 00 00 00 00 00 00 f8 ff	movabs rax,0xfff8000000000000
     513:	48 89 45 90          	mov    QWORD PTR [rbp-0x70],rax
     517:	e9 1a fc ff ff       	jmp    0x136
     51c:	48 c7 c7 01 00 00 00 	mov    rdi,0x1
     523:	48 8b 75 88          	mov    rsi,QWORD PTR [rbp-0x78]
     527:	49 bb 08 10 00 00 00 7f 00 00	movabs r11,0x7f0000001008
     531:	41 ff 13             	call   QWORD PTR [r11]
     534:	48 89 45 80          	mov    QWORD PTR [rbp-0x80],rax
     538:	e9 1d fc ff ff       	jmp    0x15a
     53d:	48 c7 c7 00 00 00 00 	mov    rdi,0x0
     544:	48 8b 75 80          	mov    rsi,QWORD PTR [rbp-0x80]
     548:	48 8b 95 78 ff ff ff 	mov    rdx,QWORD PTR [rbp-0x88]
     54f:	49 bb 00 10 00 00 00 7f 00 00	movabs r11,0x7f0000001000
     559:	41 ff 13             	call   QWORD PTR [r11]
     55c:	48 89 85 70 ff ff ff 	mov    QWORD PTR [rbp-0x90],rax
     563:	e9 22 fc ff ff       	jmp    0x18a
     568:	48 b9 00 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000000
     572:	48 39 4d 80          	cmp    QWORD PTR [rbp-0x80],rcx
     576:	73 c5                	jae    0x53d
     578:	48 39 8d 78 ff ff ff 	cmp    QWORD PTR [rbp-0x88],rcx
     57f:	73 bc                	jae    0x53d
     581:	48 b8 00 00 00 00 00 00 f8 ff	movabs rax,0xfff8000000000000
     58b:	48 89 85 70 ff ff ff 	mov    QWORD PTR [rbp-0x90],rax
     592:	e9 f3 fb ff ff       	jmp    0x18a
     597:	48 8b bd 60 ff ff ff 	mov    rdi,QWORD PTR [rbp-0xa0]
     59e:	49 bb 28 10 00 00 00 7f 00 00	movabs r11,0x7f0000001028
     5a8:	41 ff 13             	call   QWORD PTR [r11]
     5ab:	48 89 85 58 ff ff ff 	mov    QWORD PTR [rbp-0xa8],rax
     5b2:	e9 27 fc ff ff       	jmp    0x1de
     5b7:	48 8b 85 60 ff ff ff 	mov    rax,QWORD PTR [rbp-0xa0]
     5be:	48 b9 00 00 00 00 00 00 fc ff	movabs rcx,0xfffc000000000000
     5c8:	48 31 c8             	xor    rax,rcx
     5cb:	48 89 c1             	mov    rcx,rax
     5ce:	48 c1 e9 30          	shr    rcx,0x30
     5d2:	75 c3                	jne    0x597
     5d4:	f2 48 0f 2a 00       	cvtsi2sd xmm0,QWORD PTR [rax]
     5d9:	e9 f8 fb ff ff       	jmp    0x1d6
     5de:	48 8b bd 68 ff ff ff 	mov    rdi,QWORD PTR [rbp-0x98]
     5e5:	48 8b b5 58 ff ff ff 	mov    rsi,QWORD PTR [rbp-0xa8]
     5ec:	48 8b 95 50 ff ff ff 	mov    rdx,QWORD PTR [rbp-0xb0]
     5f3:	49 bb 20 10 00 00 00 7f 00 00	movabs r11,0x7f0000001020
     5fd:	41 ff 13             	call   QWORD PTR [r11]
     600:	e9 39 fc ff ff       	jmp    0x23e
     605:	75 d7                	jne    0x5de
     607:	48 3b 50 08          	cmp    rdx,QWORD PTR [rax+0x8]
     60b:	73 d1                	jae    0x5de
     60d:	48 8d 4a 01          	lea    rcx,[rdx+0x1]
     611:	48 89 08             	mov    QWORD PTR [rax],rcx
     614:	e9 16 fc ff ff       	jmp    0x22f
     619:	48 b9 00 00 00 00 00 00 f8 ff	movabs rcx,0xfff8000000000000
     623:	48 39 c8             	cmp    rax,rcx
     626:	0f 84 7a fc ff ff    	je     0x2a6
     62c:	48 8b bd 40 ff ff ff 	mov    rdi,QWORD PTR [rbp-0xc0]
     633:	49 bb 10 10 00 00 00 7f 00 00	movabs r11,0x7f0000001010
     63d:	41 ff 13             	call   QWORD PTR [r11]
     640:	48 85 c0             	test   rax,rax
     643:	0f 85 aa fc ff ff    	jne    0x2f3
     649:	e9 58 fc ff ff       	jmp    0x2a6
     64e:	48 8b bd 48 ff ff ff 	mov    rdi,QWORD PTR [rbp-0xb8]
     655:	48 c7 c6 00 00 00 00 	mov    rsi,0x0
     65c:	49 bb 78 10 00 00 00 7f 00 00	movabs r11,0x7f0000001078
     666:	41 ff 13             	call   QWORD PTR [r11]
     669:	48 89 85 38 ff ff ff 	mov    QWORD PTR [rbp-0xc8],rax
     670:	e9 7e fc ff ff       	jmp    0x2f3
     675:	48 8b 95 30 ff ff ff 	mov    rdx,QWORD PTR [rbp-0xd0]
     67c:	52                   	push   rdx
     67d:	48 c7 c7 0f 00 00 00 	mov    rdi,0xf
     684:	48 89 e6             	mov    rsi,rsp
     687:	48 c7 c2 01 00 00 00 	mov    rdx,0x1
     68e:	49 bb 50 10 00 00 00 7f 00 00	movabs r11,0x7f0000001050
     698:	41 ff 13             	call   QWORD PTR [r11]
     69b:	48 89 85 28 ff ff ff 	mov    QWORD PTR [rbp-0xd8],rax
     6a2:	48 83 c4 08          	add    rsp,0x8
     6a6:	e9 6f fc ff ff       	jmp    0x31a
     6ab:	48 b9 00 00 00 00 00 00 f8 ff	movabs rcx,0xfff8000000000000
     6b5:	48 39 c8             	cmp    rax,rcx
     6b8:	0f 84 f1 fc ff ff    	je     0x3af
     6be:	48 8b bd 40 ff ff ff 	mov    rdi,QWORD PTR [rbp-0xc0]
     6c5:	49 bb 10 10 00 00 00 7f 00 00	movabs r11,0x7f0000001010
     6cf:	41 ff 13             	call   QWORD PTR [r11]
     6d2:	48 85 c0             	test   rax,rax
     6d5:	0f 85 73 fc ff ff    	jne    0x34e
     6db:	e9 cf fc ff ff       	jmp    0x3af
     6e0:	48 8b 95 28 ff ff ff 	mov    rdx,QWORD PTR [rbp-0xd8]
     6e7:	52                   	push   rdx
     6e8:	48 8b bd 48 ff ff ff 	mov    rdi,QWORD PTR [rbp-0xb8]
     6ef:	48 89 e6             	mov    rsi,rsp
     6f2:	48 c7 c2 01 00 00 00 	mov    rdx,0x1
     6f9:	49 bb 40 10 00 00 00 7f 00 00	movabs r11,0x7f0000001040
     703:	41 ff 13             	call   QWORD PTR [r11]
     706:	48 89 85 18 ff ff ff 	mov    QWORD PTR [rbp-0xe8],rax
     70d:	48 83 c4 08          	add    rsp,0x8
     711:	e9 89 fc ff ff       	jmp    0x39f
     716:	48 8b bd 38 ff ff ff 	mov    rdi,QWORD PTR [rbp-0xc8]
     71d:	48 be 00 01 00 00 00 00 fc ff	movabs rsi,0xfffc000000000100
     727:	49 bb 68 10 00 00 00 7f 00 00	movabs r11,0x7f0000001068
     731:	41 ff 13             	call   QWORD PTR [r11]
     734:	e9 97 fc ff ff       	jmp    0x3d0
