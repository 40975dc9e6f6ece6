; function <script>()  slots=0 vregs=12 entry=b0
; b0 entry:
;   v0 = func 0 (mix)                     ; 1:10
;   storeGlobal 0 (mix), v0               ; 1:10
;   v1 = loadGlobal 0 (mix)               ; 2:13
;   v2 = const 12345                      ; 2:17
;   v3 = const 10                         ; 2:24
;   v4 = call v1(v2, v3)                  ; 2:13
;   v5 = loadGlobal 0 (mix)               ; 2:30
;   v6 = const 1                          ; 2:34
;   v7 = const 2                          ; 2:37
;   v8 = call v5(v6, v7)                  ; 2:30
;   v9 = unary ~ v8                       ; 2:29
;   v10 = callBuiltin console.log(v4, v9) ; 2:1
;   v11 = const undefined                 ; 2:1
;   return v11                            ; 2:1
       0:	55                   	push   rbp
       1:	48 89 e5             	mov    rbp,rsp
       4:	48 83 ec 60          	sub    rsp,0x60
       8:	49 8b 07             	mov    rax,QWORD PTR [r15]
       b:	48 89 45 f8          	mov    QWORD PTR [rbp-0x8],rax
       f:	48 8b 45 f8          	mov    rax,QWORD PTR [rbp-0x8]
      13:	49 89 07             	mov    QWORD PTR [r15],rax
      16:	49 8b 07             	mov    rax,QWORD PTR [r15]
      19:	48 89 45 f0          	mov    QWORD PTR [rbp-0x10],rax
      1d:	48 b8 00 00 00 00 80 1c c8 40	movabs rax,0x40c81c8000000000
      27:	48 89 45 e8          	mov    QWORD PTR [rbp-0x18],rax
      2b:	48 b8 00 00 00 00 00 00 24 40	movabs rax,0x4024000000000000
      35:	48 89 45 e0          	mov    QWORD PTR [rbp-0x20],rax
      39:	48 8b 45 f0          	mov    rax,QWORD PTR [rbp-0x10]
      3d:	48 b9 00 00 00 00 00 00 fe ff	movabs rcx,0xfffe000000000000
      47:	48 31 c8             	xor    rax,rcx
      4a:	48 89 c1             	mov    rcx,rax
      4d:	48 c1 e9 30          	shr    rcx,0x30
      51:	0f 85 41 01 00 00    	jne    0x198
      57:	49 89 c2             	mov    r10,rax
      5a:	48 8b 40 20          	mov    rax,QWORD PTR [rax+0x20]
      5e:	48 8b 55 e0          	mov    rdx,QWORD PTR [rbp-0x20]
      62:	52                   	push   rdx
      63:	48 8b 55 e8          	mov    rdx,QWORD PTR [rbp-0x18]
      67:	52                   	push   rdx
      68:	49 bb 00 20 00 00 00 7f 00 00	movabs r11,0x7f0000002000
      72:	48 c7 c1 02 00 00 00 	mov    rcx,0x2
      79:	48 ba 00 00 00 00 00 00 f9 ff	movabs rdx,0xfff9000000000000
      83:	41 ff 14 c3          	call   QWORD PTR [r11+rax*8]
      87:	48 83 c4 10          	add    rsp,0x10
      8b:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
      95:	48 39 c8             	cmp    rax,rcx
      98:	0f 84 29 01 00 00    	je     0x1c7
      9e:	48 89 45 d8          	mov    QWORD PTR [rbp-0x28],rax
      a2:	49 8b 07             	mov    rax,QWORD PTR [r15]
      a5:	48 89 45 d0          	mov    QWORD PTR [rbp-0x30],rax
      a9:	48 b8 00 00 00 00 00 00 f0 3f	movabs rax,0x3ff0000000000000
      b3:	48 89 45 c8          	mov    QWORD PTR [rbp-0x38],rax
      b7:	48 b8 00 00 00 00 00 00 00 40	movabs rax,0x4000000000000000
      c1:	48 89 45 c0          	mov    QWORD PTR [rbp-0x40],rax
      c5:	48 8b 45 d0          	mov    rax,QWORD PTR [rbp-0x30]
      c9:	48 b9 00 00 00 00 00 00 fe ff	movabs rcx,0xfffe000000000000
      d3:	48 31 c8             	xor    rax,rcx
      d6:	48 89 c1             	mov    rcx,rax
      d9:	48 c1 e9 30          	shr    rcx,0x30
      dd:	0f 85 e9 00 00 00    	jne    0x1cc
      e3:	49 89 c2             	mov    r10,rax
      e6:	48 8b 40 20          	mov    rax,QWORD PTR [rax+0x20]
      ea:	48 8b 55 c0          	mov    rdx,QWORD PTR [rbp-0x40]
      ee:	52                   	push   rdx
      ef:	48 8b 55 c8          	mov    rdx,QWORD PTR [rbp-0x38]
      f3:	52                   	push   rdx
      f4:	49 bb 00 20 00 00 00 7f 00 00	movabs r11,0x7f0000002000
      fe:	48 c7 c1 02 00 00 00 	mov    rcx,0x2
     105:	48 ba 00 00 00 00 00 00 f9 ff	movabs rdx,0xfff9000000000000
     10f:	41 ff 14 c3          	call   QWORD PTR [r11+rax*8]
     113:	48 83 c4 10          	add    rsp,0x10
     117:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     121:	48 39 c8             	cmp    rax,rcx
     124:	0f 84 9d 00 00 00    	je     0x1c7
     12a:	48 89 45 b8          	mov    QWORD PTR [rbp-0x48],rax
     12e:	f2 0f 2c 45 b8       	cvttsd2si eax,QWORD PTR [rbp-0x48]
     133:	3d 00 00 00 80       	cmp    eax,0x80000000
     138:	0f 84 bd 00 00 00    	je     0x1fb
     13e:	f7 d0                	not    eax
     140:	f2 0f 2a c0          	cvtsi2sd xmm0,eax
     144:	66 0f d6 45 b0       	movq   QWORD PTR [rbp-0x50],xmm0
     149:	48 8b 55 b0          	mov    rdx,QWORD PTR [rbp-0x50]
     14d:	52                   	push   rdx
     14e:	48 8b 55 d8          	mov    rdx,QWORD PTR [rbp-0x28]
     152:	52                   	push   rdx
     153:	48 89 e7             	mov    rdi,rsp
     156:	48 c7 c6 02 00 00 00 	mov    rsi,0x2
     15d:	49 bb 58 10 00 00 00 7f 00 00	movabs r11,0x7f0000001058
     167:	41 ff 13             	call   QWORD PTR [r11]
     16a:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     174:	48 39 c8             	cmp    rax,rcx
     177:	74 4e                	je     0x1c7
     179:	48 89 45 a8          	mov    QWORD PTR [rbp-0x58],rax
     17d:	48 83 c4 10          	add    rsp,0x10
     181:	48 b8 00 00 00 00 00 00 f9 ff	movabs rax,0xfff9000000000000
     18b:	48 89 45 a0          	mov    QWORD PTR [rbp-0x60],rax
     18f:	48 8b 45 a0          	mov    rax,QWORD PTR [rbp-0x60]
     193:	48 89 ec             	mov    rsp,rbp
     196:	5d                   	pop    rbp
     197:	c3                   	ret
     198:	48 8b 7d f0          	mov    rdi,QWORD PTR [rbp-0x10]
     19c:	48 be 00 01 00 00 00 00 fc ff	movabs rsi,0xfffc000000000100
     1a6:	49 bb 68 10 00 00 00 7f 00 00	movabs r11,0x7f0000001068
     1b0:	41 ff 13             	call   QWORD PTR [r11]
     1b3:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     1bd:	48 39 c8             	cmp    rax,rcx
     1c0:	74 05                	je     0x1c7
     1c2:	e9 90 fe ff ff       	jmp    0x57
     1c7:	48 89 ec             	mov    rsp,rbp
     1ca:	5d                   	pop    rbp
     1cb:	c3                   	ret
     1cc:	48 8b 7d d0          	mov    rdi,QWORD PTR [rbp-0x30]
     1d0:	48 be 00 01 00 00 00 00 fc ff	movabs rsi,0xfffc000000000100
     1da:	49 bb 68 10 00 00 00 7f 00 00	movabs r11,0x7f0000001068
     1e4:	41 ff 13             	call   QWORD PTR [r11]
     1e7:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     1f1:	48 39 c8             	cmp    rax,rcx
     1f4:	74 d1                	je     0x1c7
     1f6:	e9 e8 fe ff ff       	jmp    0xe3
     1fb:	48 c7 c7 02 00 00 00 	mov    rdi,0x2
     202:	48 8b 75 b8          	mov    rsi,QWORD PTR [rbp-0x48]
     206:	49 bb 08 10 00 00 00 7f 00 00	movabs r11,0x7f0000001008
     210:	41 ff 13             	call   QWORD PTR [r11]
     213:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     21d:	48 39 c8             	cmp    rax,rcx
     220:	74 a5                	je     0x1c7
     222:	48 89 45 b0          	mov    QWORD PTR [rbp-0x50],rax
     226:	e9 1e ff ff ff       	jmp    0x149

; function mix(h, i)  slots=2 vregs=15 entry=b0
; b0 entry:
;   v0 = loadLocal 0 (h)                  ; 1:31
;   v1 = loadLocal 0 (h)                  ; 1:36
;   v2 = const 5                          ; 1:41
;   v3 = binary << v1, v2                 ; 1:36
;   v4 = binary ^ v0, v3                  ; 1:31
;   v5 = const 65535                      ; 1:47
;   v6 = binary & v4, v5                  ; 1:30
;   v7 = loadLocal 1 (i)                  ; 1:58
;   v8 = const 7                          ; 1:62
;   v9 = binary % v7, v8                  ; 1:58
;   v10 = binary | v6, v9                 ; 1:29
;   v11 = loadLocal 0 (h)                 ; 1:68
;   v12 = const 3                         ; 1:74
;   v13 = binary >>> v11, v12             ; 1:68
;   v14 = binary | v10, v13               ; 1:29
;   return v14                            ; 1:22
       0:	55                   	push   rbp
       1:	48 89 e5             	mov    rbp,rsp
       4:	48 81 ec 90 00 00 00 	sub    rsp,0x90
       b:	48 b8 00 00 00 00 00 00 f9 ff	movabs rax,0xfff9000000000000
      15:	48 83 f9 01          	cmp    rcx,0x1
      19:	7c 04                	jl     0x1f
      1b:	48 8b 45 10          	mov    rax,QWORD PTR [rbp+0x10]
      1f:	48 89 45 f8          	mov    QWORD PTR [rbp-0x8],rax
      23:	48 b8 00 00 00 00 00 00 f9 ff	movabs rax,0xfff9000000000000
      2d:	48 83 f9 02          	cmp    rcx,0x2
      31:	7c 04                	jl     0x37
      33:	48 8b 45 18          	mov    rax,QWORD PTR [rbp+0x18]
      37:	48 89 45 f0          	mov    QWORD PTR [rbp-0x10],rax
      3b:	48 8b 45 f8          	mov    rax,QWORD PTR [rbp-0x8]
      3f:	48 89 45 e8          	mov    QWORD PTR [rbp-0x18],rax
      43:	48 8b 45 f8          	mov    rax,QWORD PTR [rbp-0x8]
      47:	48 89 45 e0          	mov    QWORD PTR [rbp-0x20],rax
      4b:	48 b8 00 00 00 00 00 00 14 40	movabs rax,0x4014000000000000
      55:	48 89 45 d8          	mov    QWORD PTR [rbp-0x28],rax
      59:	f2 0f 2c 45 e0       	cvttsd2si eax,QWORD PTR [rbp-0x20]
      5e:	3d 00 00 00 80       	cmp    eax,0x80000000
      63:	0f 84 8e 01 00 00    	je     0x1f7
      69:	f2 0f 2c 4d d8       	cvttsd2si ecx,QWORD PTR [rbp-0x28]
      6e:	81 f9 00 00 00 80    	cmp    ecx,0x80000000
      74:	0f 84 7d 01 00 00    	je     0x1f7
      7a:	d3 e0                	shl    eax,cl
      7c:	f2 0f 2a c0          	cvtsi2sd xmm0,eax
      80:	66 0f d6 45 d0       	movq   QWORD PTR [rbp-0x30],xmm0
      85:	f2 0f 2c 45 e8       	cvttsd2si eax,QWORD PTR [rbp-0x18]
      8a:	3d 00 00 00 80       	cmp    eax,0x80000000
      8f:	0f 84 9a 01 00 00    	je     0x22f
      95:	f2 0f 2c 4d d0       	cvttsd2si ecx,QWORD PTR [rbp-0x30]
      9a:	81 f9 00 00 00 80    	cmp    ecx,0x80000000
      a0:	0f 84 89 01 00 00    	je     0x22f
      a6:	31 c8                	xor    eax,ecx
      a8:	f2 0f 2a c0          	cvtsi2sd xmm0,eax
      ac:	66 0f d6 45 c8       	movq   QWORD PTR [rbp-0x38],xmm0
      b1:	48 b8 00 00 00 00 e0 ff ef 40	movabs rax,0x40efffe000000000
      bb:	48 89 45 c0          	mov    QWORD PTR [rbp-0x40],rax
      bf:	f2 0f 2c 45 c8       	cvttsd2si eax,QWORD PTR [rbp-0x38]
      c4:	3d 00 00 00 80       	cmp    eax,0x80000000
      c9:	0f 84 98 01 00 00    	je     0x267
      cf:	f2 0f 2c 4d c0       	cvttsd2si ecx,QWORD PTR [rbp-0x40]
      d4:	81 f9 00 00 00 80    	cmp    ecx,0x80000000
      da:	0f 84 87 01 00 00    	je     0x267
      e0:	21 c8                	and    eax,ecx
      e2:	f2 0f 2a c0          	cvtsi2sd xmm0,eax
      e6:	66 0f d6 45 b8       	movq   QWORD PTR [rbp-0x48],xmm0
      eb:	48 8b 45 f0          	mov    rax,QWORD PTR [rbp-0x10]
      ef:	48 89 45 b0          	mov    QWORD PTR [rbp-0x50],rax
      f3:	48 b8 00 00 00 00 00 00 1c 40	movabs rax,0x401c000000000000
      fd:	48 89 45 a8          	mov    QWORD PTR [rbp-0x58],rax
     101:	f2 0f 2c 45 b0       	cvttsd2si eax,QWORD PTR [rbp-0x50]
     106:	f2 0f 2a c0          	cvtsi2sd xmm0,eax
     10a:	66 48 0f 7e c2       	movq   rdx,xmm0
     10f:	48 3b 55 b0          	cmp    rdx,QWORD PTR [rbp-0x50]
     113:	0f 85 86 01 00 00    	jne    0x29f
     119:	f2 0f 2c 4d a8       	cvttsd2si ecx,QWORD PTR [rbp-0x58]
     11e:	85 c9                	test   ecx,ecx
     120:	0f 8e 79 01 00 00    	jle    0x29f
     126:	f2 0f 2a c9          	cvtsi2sd xmm1,ecx
     12a:	66 0f 2e 4d a8       	ucomisd xmm1,QWORD PTR [rbp-0x58]
     12f:	0f 85 6a 01 00 00    	jne    0x29f
     135:	99                   	cdq
     136:	f7 f9                	idiv   ecx
     138:	85 d2                	test   edx,edx
     13a:	75 08                	jne    0x144
     13c:	85 c0                	test   eax,eax
     13e:	0f 88 5b 01 00 00    	js     0x29f
     144:	f2 0f 2a c2          	cvtsi2sd xmm0,edx
     148:	66 0f d6 45 a0       	movq   QWORD PTR [rbp-0x60],xmm0
     14d:	f2 0f 2c 45 b8       	cvttsd2si eax,QWORD PTR [rbp-0x48]
     152:	3d 00 00 00 80       	cmp    eax,0x80000000
     157:	0f 84 7a 01 00 00    	je     0x2d7
     15d:	f2 0f 2c 4d a0       	cvttsd2si ecx,QWORD PTR [rbp-0x60]
     162:	81 f9 00 00 00 80    	cmp    ecx,0x80000000
     168:	0f 84 69 01 00 00    	je     0x2d7
     16e:	09 c8                	or     eax,ecx
     170:	f2 0f 2a c0          	cvtsi2sd xmm0,eax
     174:	66 0f d6 45 98       	movq   QWORD PTR [rbp-0x68],xmm0
     179:	48 8b 45 f8          	mov    rax,QWORD PTR [rbp-0x8]
     17d:	48 89 45 90          	mov    QWORD PTR [rbp-0x70],rax
     181:	48 b8 00 00 00 00 00 00 08 40	movabs rax,0x4008000000000000
     18b:	48 89 45 88          	mov    QWORD PTR [rbp-0x78],rax
     18f:	f2 0f 2c 45 90       	cvttsd2si eax,QWORD PTR [rbp-0x70]
     194:	3d 00 00 00 80       	cmp    eax,0x80000000
     199:	0f 84 6c 01 00 00    	je     0x30b
     19f:	f2 0f 2c 4d 88       	cvttsd2si ecx,QWORD PTR [rbp-0x78]
     1a4:	81 f9 00 00 00 80    	cmp    ecx,0x80000000
     1aa:	0f 84 5b 01 00 00    	je     0x30b
     1b0:	d3 e8                	shr    eax,cl
     1b2:	f2 48 0f 2a c0       	cvtsi2sd xmm0,rax
     1b7:	66 0f d6 45 80       	movq   QWORD PTR [rbp-0x80],xmm0
     1bc:	f2 0f 2c 45 98       	cvttsd2si eax,QWORD PTR [rbp-0x68]
     1c1:	3d 00 00 00 80       	cmp    eax,0x80000000
     1c6:	0f 84 73 01 00 00    	je     0x33f
     1cc:	f2 0f 2c 4d 80       	cvttsd2si ecx,QWORD PTR [rbp-0x80]
     1d1:	81 f9 00 00 00 80    	cmp    ecx,0x80000000
     1d7:	0f 84 62 01 00 00    	je     0x33f
     1dd:	09 c8                	or     eax,ecx
     1df:	f2 0f 2a c0          	cvtsi2sd xmm0,eax
     1e3:	66 0f d6 85 78 ff ff ff	movq   QWORD PTR [rbp-0x88],xmm0
     1eb:	48 8b 85 78 ff ff ff 	mov    rax,QWORD PTR [rbp-0x88]
     1f2:	48 89 ec             	mov    rsp,rbp
     1f5:	5d                   	pop    rbp
     1f6:	c3                   	ret
     1f7:	48 c7 c7 11 00 00 00 	mov    rdi,0x11
     1fe:	48 8b 75 e0          	mov    rsi,QWORD PTR [rbp-0x20]
     202:	48 8b 55 d8          	mov    rdx,QWORD PTR [rbp-0x28]
     206:	49 bb 00 10 00 00 00 7f 00 00	movabs r11,0x7f0000001000
     210:	41 ff 13             	call   QWORD PTR [r11]
     213:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     21d:	48 39 c8             	cmp    rax,rcx
     220:	0f 84 50 01 00 00    	je     0x376
     226:	48 89 45 d0          	mov    QWORD PTR [rbp-0x30],rax
     22a:	e9 56 fe ff ff       	jmp    0x85
     22f:	48 c7 c7 10 00 00 00 	mov    rdi,0x10
     236:	48 8b 75 e8          	mov    rsi,QWORD PTR [rbp-0x18]
     23a:	48 8b 55 d0          	mov    rdx,QWORD PTR [rbp-0x30]
     23e:	49 bb 00 10 00 00 00 7f 00 00	movabs r11,0x7f0000001000
     248:	41 ff 13             	call   QWORD PTR [r11]
     24b:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     255:	48 39 c8             	cmp    rax,rcx
     258:	0f 84 18 01 00 00    	je     0x376
     25e:	48 89 45 c8          	mov    QWORD PTR [rbp-0x38],rax
     262:	e9 4a fe ff ff       	jmp    0xb1
     267:	48 c7 c7 0e 00 00 00 	mov    rdi,0xe
     26e:	48 8b 75 c8          	mov    rsi,QWORD PTR [rbp-0x38]
     272:	48 8b 55 c0          	mov    rdx,QWORD PTR [rbp-0x40]
     276:	49 bb 00 10 00 00 00 7f 00 00	movabs r11,0x7f0000001000
     280:	41 ff 13             	call   QWORD PTR [r11]
     283:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     28d:	48 39 c8             	cmp    rax,rcx
     290:	0f 84 e0 00 00 00    	je     0x376
     296:	48 89 45 b8          	mov    QWORD PTR [rbp-0x48],rax
     29a:	e9 4c fe ff ff       	jmp    0xeb
     29f:	48 c7 c7 04 00 00 00 	mov    rdi,0x4
     2a6:	48 8b 75 b0          	mov    rsi,QWORD PTR [rbp-0x50]
     2aa:	48 8b 55 a8          	mov    rdx,QWORD PTR [rbp-0x58]
     2ae:	49 bb 00 10 00 00 00 7f 00 00	movabs r11,0x7f0000001000
     2b8:	41 ff 13             	call   QWORD PTR [r11]
     2bb:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     2c5:	48 39 c8             	cmp    rax,rcx
     2c8:	0f 84 a8 00 00 00    	je     0x376
     2ce:	48 89 45 a0          	mov    QWORD PTR [rbp-0x60],rax
     2d2:	e9 76 fe ff ff       	jmp    0x14d
     2d7:	48 c7 c7 0f 00 00 00 	mov    rdi,0xf
     2de:	48 8b 75 b8          	mov    rsi,QWORD PTR [rbp-0x48]
     2e2:	48 8b 55 a0          	mov    rdx,QWORD PTR [rbp-0x60]
     2e6:	49 bb 00 10 00 00 00 7f 00 00	movabs r11,0x7f0000001000
     2f0:	41 ff 13             	call   QWORD PTR [r11]
     2f3:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     2fd:	48 39 c8             	cmp    rax,rcx
     300:	74 74                	je     0x376
     302:	48 89 45 98          	mov    QWORD PTR [rbp-0x68],rax
     306:	e9 6e fe ff ff       	jmp    0x179
     30b:	48 c7 c7 13 00 00 00 	mov    rdi,0x13
     312:	48 8b 75 90          	mov    rsi,QWORD PTR [rbp-0x70]
     316:	48 8b 55 88          	mov    rdx,QWORD PTR [rbp-0x78]
     31a:	49 bb 00 10 00 00 00 7f 00 00	movabs r11,0x7f0000001000
     324:	41 ff 13             	call   QWORD PTR [r11]
     327:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     331:	48 39 c8             	cmp    rax,rcx
     334:	74 40                	je     0x376
     336:	48 89 45 80          	mov    QWORD PTR [rbp-0x80],rax
     33a:	e9 7d fe ff ff       	jmp    0x1bc
     33f:	48 c7 c7 0f 00 00 00 	mov    rdi,0xf
     346:	48 8b 75 98          	mov    rsi,QWORD PTR [rbp-0x68]
     34a:	48 8b 55 80          	mov    rdx,QWORD PTR [rbp-0x80]
     34e:	49 bb 00 10 00 00 00 7f 00 00	movabs r11,0x7f0000001000
     358:	41 ff 13             	call   QWORD PTR [r11]
     35b:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     365:	48 39 c8             	cmp    rax,rcx
     368:	74 0c                	je     0x376
     36a:	48 89 85 78 ff ff ff 	mov    QWORD PTR [rbp-0x88],rax
     371:	e9 75 fe ff ff       	jmp    0x1eb
     376:	48 89 ec             	mov    rsp,rbp
     379:	5d                   	pop    rbp
     37a:	c3                   	ret
