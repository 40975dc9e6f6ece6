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
      8d:	0f 85 8c 00 00 00    	jne    0x11f
      93:	49 89 c2             	mov    r10,rax
      96:	48 8b 40 20          	mov    rax,QWORD PTR [rax+0x20]
      9a:	48 8b 55 d0          	mov    rdx,QWORD PTR [rbp-0x30]
      9e:	52                   	push   rdx
      9f:	49 bb 00 20 00 00 00 7f 00 00	movabs r11,0x7f0000002000
      a9:	48 c7 c1 01 00 00 00 	mov    rcx,0x1
      b0:	48 ba 00 00 00 00 00 00 f9 ff	movabs rdx,0xfff9000000000000
      ba:	41 ff 14 c3          	call   QWORD PTR [r11+rax*8]
      be:	48 83 c4 08          	add    rsp,0x8
      c2:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
      cc:	48 39 c8             	cmp    rax,rcx
      cf:	74 7d                	je     0x14e
      d1:	48 89 45 c8          	mov    QWORD PTR [rbp-0x38],rax
      d5:	48 8b 55 c8          	mov    rdx,QWORD PTR [rbp-0x38]
      d9:	52                   	push   rdx
      da:	48 89 e7             	mov    rdi,rsp
      dd:	48 c7 c6 01 00 00 00 	mov    rsi,0x1
      e4:	49 bb 58 10 00 00 00 7f 00 00	movabs r11,0x7f0000001058
      ee:	41 ff 13             	call   QWORD PTR [r11]
      f1:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
      fb:	48 39 c8             	cmp    rax,rcx
      fe:	74 4e                	je     0x14e
     100:	48 89 45 c0          	mov    QWORD PTR [rbp-0x40],rax
     104:	48 83 c4 08          	add    rsp,0x8
     108:	48 b8 00 00 00 00 00 00 f9 ff	movabs rax,0xfff9000000000000
     112:	48 89 45 b8          	mov    QWORD PTR [rbp-0x48],rax
     116:	48 8b 45 b8          	mov    rax,QWORD PTR [rbp-0x48]
     11a:	48 89 ec             	mov    rsp,rbp
     11d:	5d                   	pop    rbp
     11e:	c3                   	ret
     11f:	48 8b 7d f0          	mov    rdi,QWORD PTR [rbp-0x10]
     123:	48 be 00 01 00 00 00 00 fc ff	movabs rsi,0xfffc000000000100
     12d:	49 bb 68 10 00 00 00 7f 00 00	movabs r11,0x7f0000001068
     137:	41 ff 13             	call   QWORD PTR [r11]
     13a:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     144:	48 39 c8             	cmp    rax,rcx
     147:	74 05                	je     0x14e
     149:	e9 45 ff ff ff       	jmp    0x93
     14e:	48 89 ec             	mov    rsp,rbp
     151:	5d                   	pop    rbp
     152:	c3                   	ret

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
; b7 push.builtin:
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
      83:	0f 85 e2 03 00 00    	jne    0x46b
      89:	f2 48 0f 2a 00       	cvtsi2sd xmm0,QWORD PTR [rax]
      8e:	66 0f d6 45 c0       	movq   QWORD PTR [rbp-0x40],xmm0
      93:	f3 0f 7e 45 c0       	movq   xmm0,QWORD PTR [rbp-0x40]
      98:	66 0f 2e 45 d0       	ucomisd xmm0,QWORD PTR [rbp-0x30]
      9d:	0f 8a ec 03 00 00    	jp     0x48f
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
      d9:	0f 85 fb 03 00 00    	jne    0x4da
      df:	f2 48 0f 2c 55 a0    	cvttsd2si rdx,QWORD PTR [rbp-0x60]
      e5:	f2 48 0f 2a c2       	cvtsi2sd xmm0,rdx
      ea:	66 0f 2e 45 a0       	ucomisd xmm0,QWORD PTR [rbp-0x60]
      ef:	0f 85 e5 03 00 00    	jne    0x4da
      f5:	48 3b 10             	cmp    rdx,QWORD PTR [rax]
      f8:	0f 83 dc 03 00 00    	jae    0x4da
      fe:	48 8b 48 10          	mov    rcx,QWORD PTR [rax+0x10]
     102:	48 8b 04 d1          	mov    rax,QWORD PTR [rcx+rdx*8]
     106:	48 b9 01 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000001
     110:	48 39 c8             	cmp    rax,rcx
     113:	0f 84 f2 03 00 00    	je     0x50b
     119:	48 89 45 98          	mov    QWORD PTR [rbp-0x68],rax
     11d:	f3 0f 7e 45 b0       	movq   xmm0,QWORD PTR [rbp-0x50]
     122:	f2 0f 58 45 98       	addsd  xmm0,QWORD PTR [rbp-0x68]
     127:	66 0f 2e c0          	ucomisd xmm0,xmm0
     12b:	0f 8a 21 04 00 00    	jp     0x552
     131:	66 0f d6 45 90       	movq   QWORD PTR [rbp-0x70],xmm0
     136:	48 8b 45 90          	mov    rax,QWORD PTR [rbp-0x70]
     13a:	48 89 45 f0          	mov    QWORD PTR [rbp-0x10],rax
     13e:	48 8b 45 e8          	mov    rax,QWORD PTR [rbp-0x18]
     142:	48 89 45 88          	mov    QWORD PTR [rbp-0x78],rax
     146:	f3 0f 7e 45 88       	movq   xmm0,QWORD PTR [rbp-0x78]
     14b:	66 0f 2e c0          	ucomisd xmm0,xmm0
     14f:	0f 8a 26 04 00 00    	jp     0x57b
     155:	66 0f d6 45 80       	movq   QWORD PTR [rbp-0x80],xmm0
     15a:	48 b8 00 00 00 00 00 00 f0 3f	movabs rax,0x3ff0000000000000
     164:	48 89 85 78 ff ff ff 	mov    QWORD PTR [rbp-0x88],rax
     16b:	f3 0f 7e 45 80       	movq   xmm0,QWORD PTR [rbp-0x80]
     170:	f2 0f 58 85 78 ff ff ff	addsd  xmm0,QWORD PTR [rbp-0x88]
     178:	66 0f 2e c0          	ucomisd xmm0,xmm0
     17c:	0f 8a 6b 04 00 00    	jp     0x5ed
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
     1cb:	0f 85 7e 04 00 00    	jne    0x64f
     1d1:	f2 48 0f 2a 00       	cvtsi2sd xmm0,QWORD PTR [rax]
     1d6:	66 0f d6 85 58 ff ff ff	movq   QWORD PTR [rbp-0xa8],xmm0
     1de:	48 8b 45 f0          	mov    rax,QWORD PTR [rbp-0x10]
     1e2:	48 89 85 50 ff ff ff 	mov    QWORD PTR [rbp-0xb0],rax
     1e9:	48 8b 85 68 ff ff ff 	mov    rax,QWORD PTR [rbp-0x98]
     1f0:	48 b9 00 00 00 00 00 00 fd ff	movabs rcx,0xfffd000000000000
     1fa:	48 31 c8             	xor    rax,rcx
     1fd:	48 89 c1             	mov    rcx,rax
     200:	48 c1 e9 30          	shr    rcx,0x30
     204:	0f 85 6c 04 00 00    	jne    0x676
     20a:	f2 48 0f 2c 95 58 ff ff ff	cvttsd2si rdx,QWORD PTR [rbp-0xa8]
     213:	f2 48 0f 2a c2       	cvtsi2sd xmm0,rdx
     218:	66 0f 2e 85 58 ff ff ff	ucomisd xmm0,QWORD PTR [rbp-0xa8]
     220:	0f 85 50 04 00 00    	jne    0x676
     226:	48 3b 10             	cmp    rdx,QWORD PTR [rax]
     229:	0f 83 81 04 00 00    	jae    0x6b0
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
     29e:	0f 8a 20 04 00 00    	jp     0x6c4
     2a4:	75 4d                	jne    0x2f3
     2a6:	48 8b 85 48 ff ff ff 	mov    rax,QWORD PTR [rbp-0xb8]
     2ad:	48 b9 00 00 00 00 00 00 ff ff	movabs rcx,0xffff000000000000
     2b7:	48 31 c8             	xor    rax,rcx
     2ba:	48 89 c1             	mov    rcx,rax
     2bd:	48 c1 e9 30          	shr    rcx,0x30
     2c1:	0f 85 32 04 00 00    	jne    0x6f9
     2c7:	0f 1f 80 00 00 00 00 	nop    DWORD PTR [rax+0x0]
     2ce:	48 b9 ff ff ff ff 00 00 00 00	movabs rcx,0xffffffff
     2d8:	3b 08                	cmp    ecx,DWORD PTR [rax]
     2da:	0f 85 19 04 00 00    	jne    0x6f9
     2e0:	48 c1 e9 20          	shr    rcx,0x20
     2e4:	48 8b 50 08          	mov    rdx,QWORD PTR [rax+0x8]
     2e8:	48 8b 04 0a          	mov    rax,QWORD PTR [rdx+rcx*1]
     2ec:	48 89 85 38 ff ff ff 	mov    QWORD PTR [rbp-0xc8],rax
     2f3:	48 8b 45 f0          	mov    rax,QWORD PTR [rbp-0x10]
     2f7:	48 89 85 30 ff ff ff 	mov    QWORD PTR [rbp-0xd0],rax
     2fe:	66 0f 3a 0b 85 30 ff ff ff 09	roundsd xmm0,QWORD PTR [rbp-0xd0],0x9
     308:	66 0f 2e c0          	ucomisd xmm0,xmm0
     30c:	0f 8a 21 04 00 00    	jp     0x733
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
     346:	0f 8a 30 04 00 00    	jp     0x77c
     34c:	74 61                	je     0x3af
     34e:	48 8b 85 48 ff ff ff 	mov    rax,QWORD PTR [rbp-0xb8]
     355:	48 b9 00 00 00 00 00 00 fd ff	movabs rcx,0xfffd000000000000
     35f:	48 31 c8             	xor    rax,rcx
     362:	48 89 c1             	mov    rcx,rax
     365:	48 c1 e9 30          	shr    rcx,0x30
     369:	0f 85 42 04 00 00    	jne    0x7b1
     36f:	48 8b 10             	mov    rdx,QWORD PTR [rax]
     372:	48 3b 50 08          	cmp    rdx,QWORD PTR [rax+0x8]
     376:	0f 83 35 04 00 00    	jae    0x7b1
     37c:	48 8b 48 10          	mov    rcx,QWORD PTR [rax+0x10]
     380:	4c 8b 85 28 ff ff ff 	mov    r8,QWORD PTR [rbp-0xd8]
     387:	4c 89 04 d1          	mov    QWORD PTR [rcx+rdx*8],r8
     38b:	48 83 c2 01          	add    rdx,0x1
     38f:	48 89 10             	mov    QWORD PTR [rax],rdx
     392:	f2 48 0f 2a c2       	cvtsi2sd xmm0,rdx
     397:	66 0f d6 85 18 ff ff ff	movq   QWORD PTR [rbp-0xe8],xmm0
     39f:	48 8b 85 18 ff ff ff 	mov    rax,QWORD PTR [rbp-0xe8]
     3a6:	48 89 85 20 ff ff ff 	mov    QWORD PTR [rbp-0xe0],rax
     3ad:	eb 78                	jmp    0x427
     3af:	48 8b 85 38 ff ff ff 	mov    rax,QWORD PTR [rbp-0xc8]
     3b6:	48 b9 00 00 00 00 00 00 fe ff	movabs rcx,0xfffe000000000000
     3c0:	48 31 c8             	xor    rax,rcx
     3c3:	48 89 c1             	mov    rcx,rax
     3c6:	48 c1 e9 30          	shr    rcx,0x30
     3ca:	0f 85 26 04 00 00    	jne    0x7f6
     3d0:	49 89 c2             	mov    r10,rax
     3d3:	48 8b 40 20          	mov    rax,QWORD PTR [rax+0x20]
     3d7:	48 8b 95 28 ff ff ff 	mov    rdx,QWORD PTR [rbp-0xd8]
     3de:	52                   	push   rdx
     3df:	49 bb 00 20 00 00 00 7f 00 00	movabs r11,0x7f0000002000
     3e9:	48 c7 c1 01 00 00 00 	mov    rcx,0x1
     3f0:	48 8b 95 48 ff ff ff 	mov    rdx,QWORD PTR [rbp-0xb8]
     3f7:	41 ff 14 c3          	call   QWORD PTR [r11+rax*8]
     3fb:	48 83 c4 08          	add    rsp,0x8
     3ff:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     409:	48 39 c8             	cmp    rax,rcx
     40c:	0f 84 16 04 00 00    	je     0x828
     412:	48 89 85 10 ff ff ff 	mov    QWORD PTR [rbp-0xf0],rax
     419:	48 8b 85 10 ff ff ff 	mov    rax,QWORD PTR [rbp-0xf0]
     420:	48 89 85 20 ff ff ff 	mov    QWORD PTR [rbp-0xe0],rax
     427:	48 8b 45 f0          	mov    rax,QWORD PTR [rbp-0x10]
     42b:	48 89 85 08 ff ff ff 	mov    QWORD PTR [rbp-0xf8],rax
     432:	48 8b 85 08 ff ff ff 	mov    rax,QWORD PTR [rbp-0xf8]
     439:	48 89 ec             	mov    rsp,rbp
     43c:	5d                   	pop    rbp
     43d:	c3                   	ret
     43e:	48 8b 7d c8          	mov    rdi,QWORD PTR [rbp-0x38]
     442:	49 bb 28 10 00 00 00 7f 00 00	movabs r11,0x7f0000001028
     44c:	41 ff 13             	call   QWORD PTR [r11]
     44f:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     459:	48 39 c8             	cmp    rax,rcx
     45c:	0f 84 c6 03 00 00    	je     0x828
     462:	48 89 45 c0          	mov    QWORD PTR [rbp-0x40],rax
     466:	e9 28 fc ff ff       	jmp    0x93
     46b:	48 8b 45 c8          	mov    rax,QWORD PTR [rbp-0x38]
     46f:	48 b9 00 00 00 00 00 00 fc ff	movabs rcx,0xfffc000000000000
     479:	48 31 c8             	xor    rax,rcx
     47c:	48 89 c1             	mov    rcx,rax
     47f:	48 c1 e9 30          	shr    rcx,0x30
     483:	75 b9                	jne    0x43e
     485:	f2 48 0f 2a 00       	cvtsi2sd xmm0,QWORD PTR [rax]
     48a:	e9 ff fb ff ff       	jmp    0x8e
     48f:	48 c7 c7 0a 00 00 00 	mov    rdi,0xa
     496:	48 8b 75 d0          	mov    rsi,QWORD PTR [rbp-0x30]
     49a:	48 8b 55 c0          	mov    rdx,QWORD PTR [rbp-0x40]
     49e:	49 bb 00 10 00 00 00 7f 00 00	movabs r11,0x7f0000001000
     4a8:	41 ff 13             	call   QWORD PTR [r11]
     4ab:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     4b5:	48 39 c8             	cmp    rax,rcx
     4b8:	0f 84 6a 03 00 00    	je     0x828
     4be:	48 89 45 b8          	mov    QWORD PTR [rbp-0x48],rax
     4c2:	48 b9 01 00 00 00 00 00 fb ff	movabs rcx,0xfffb000000000001
     4cc:	48 39 c8             	cmp    rax,rcx
     4cf:	0f 84 d4 fb ff ff    	je     0xa9
     4d5:	e9 c0 fc ff ff       	jmp    0x19a
     4da:	48 8b 7d a8          	mov    rdi,QWORD PTR [rbp-0x58]
     4de:	48 8b 75 a0          	mov    rsi,QWORD PTR [rbp-0x60]
     4e2:	49 bb 18 10 00 00 00 7f 00 00	movabs r11,0x7f0000001018
     4ec:	41 ff 13             	call   QWORD PTR [r11]
     4ef:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     4f9:	48 39 c8             	cmp    rax,rcx
     4fc:	0f 84 26 03 00 00    	je     0x828
     502:	48 89 45 98          	mov    QWORD PTR [rbp-0x68],rax
     506:	e9 12 fc ff ff       	jmp    0x11d
     50b:	48 b8 00 00 00 00 00 00 f9 ff	movabs rax,0xfff9000000000000
     515:	e9 ff fb ff ff       	jmp    0x119
     51a:	48 c7 c7 00 00 00 00 	mov    rdi,0x0
     521:	48 8b 75 b0          	mov    rsi,QWORD PTR [rbp-0x50]
     525:	48 8b 55 98          	mov    rdx,QWORD PTR [rbp-0x68]
     529:	49 bb 00 10 00 00 00 7f 00 00	movabs r11,0x7f0000001000
     533:	41 ff 13             	call   QWORD PTR [r11]
     536:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     540:	48 39 c8             	cmp    rax,rcx
     543:	0f 84 df 02 00 00    	je     0x828
     549:	48 89 45 90          	mov    QWORD PTR [rbp-0x70],rax
     54d:	e9 e4 fb ff ff       	jmp    0x136
     552:	48 b9 00 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000000
     55c:	48 39 4d b0          	cmp    QWORD PTR [rbp-0x50],rcx
     560:	73 b8                	jae    0x51a
     562:	48 39 4d 98          	cmp    QWORD PTR [rbp-0x68],rcx
     566:	73 b2                	jae    0x51a
     568:	48 b8 00 00 00 00 00 00 f8 ff	movabs rax,0xfff8000000000000
     572:	48 89 45 90          	mov    QWORD PTR [rbp-0x70],rax
     576:	e9 bb fb ff ff       	jmp    0x136
     57b:	48 c7 c7 01 00 00 00 	mov    rdi,0x1
     582:	48 8b 75 88          	mov    rsi,QWORD PTR [rbp-0x78]
     586:	49 bb 08 10 00 00 00 7f 00 00	movabs r11,0x7f0000001008
     590:	41 ff 13             	call   QWORD PTR [r11]
     593:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     59d:	48 39 c8             	cmp    rax,rcx
     5a0:	0f 84 82 02 00 00    	je     0x828
     5a6:	48 89 45 80          	mov    QWORD PTR [rbp-0x80],rax
     5aa:	e9 ab fb ff ff       	jmp    0x15a
     5af:	48 c7 c7 00 00 00 00 	mov    rdi,0x0
     5b6:	48 8b 75 80          	mov    rsi,QWORD PTR [rbp-0x80]
     5ba:	48 8b 95 78 ff ff ff 	mov    rdx,QWORD PTR [rbp-0x88]
     5c1:	49 bb 00 10 00 00 00 7f 00 00	movabs r11,0x7f0000001000
     5cb:	41 ff 13             	call   QWORD PTR [r11]
     5ce:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     5d8:	48 39 c8             	cmp    rax,rcx
     5db:	0f 84 47 02 00 00    	je     0x828
     5e1:	48 89 85 70 ff ff ff 	mov    QWORD PTR [rbp-0x90],rax
     5e8:	e9 9d fb ff ff       	jmp    0x18a
     5ed:	48 b9 00 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000000
     5f7:	48 39 4d 80          	cmp    QWORD PTR [rbp-0x80],rcx
     5fb:	73 b2                	jae    0x5af
     5fd:	48 39 8d 78 ff ff ff 	cmp    QWORD PTR [rbp-0x88],rcx
     604:	73 a9                	jae    0x5af
     606:	48 b8 00 00 00 00 00 00 f8 ff	movabs rax,0xfff8000000000000
     610:	48 89 85 70 ff ff ff 	mov    QWORD PTR [rbp-0x90],rax
     617:	e9 6e fb ff ff       	jmp    0x18a
     61c:	48 8b bd 60 ff ff ff 	mov    rdi,QWORD PTR [rbp-0xa0]
     623:	49 bb 28 10 00 00 00 7f 00 00	movabs r11,0x7f0000001028
     62d:	41 ff 13             	call   QWORD PTR [r11]
     630:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     63a:	48 39 c8             	cmp    rax,rcx
     63d:	0f 84 e5 01 00 00    	je     0x828
     643:	48 89 85 58 ff ff ff 	mov    QWORD PTR [rbp-0xa8],rax
     64a:	e9 8f fb ff ff       	jmp    0x1de
     64f:	48 8b 85 60 ff ff ff 	mov    rax,QWORD PTR [rbp-0xa0]
     656:	48 b9 00 00 00 00 00 00 fc ff	movabs rcx,0xfffc000000000000
     660:	48 31 c8             	xor    rax,rcx
     663:	48 89 c1             	mov    rcx,rax
     666:	48 c1 e9 30          	shr    rcx,0x30
     66a:	75 b0                	jne    0x61c
     66c:	f2 48 0f 2a 00       	cvtsi2sd xmm0,QWORD PTR [rax]
     671:	e9 60 fb ff ff       	jmp    0x1d6
     676:	48 8b bd 68 ff ff ff 	mov    rdi,QWORD PTR [rbp-0x98]
     67d:	48 8b b5 58 ff ff ff 	mov    rsi,QWORD PTR [rbp-0xa8]
     684:	48 8b 95 50 ff ff ff 	mov    rdx,QWORD PTR [rbp-0xb0]
     68b:	49 bb 20 10 00 00 00 7f 00 00	movabs r11,0x7f0000001020
     695:	41 ff 13             	call   QWORD PTR [r11]
     698:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     6a2:	48 39 c8             	cmp    rax,rcx
     6a5:	0f 84 7d 01 00 00    	je     0x828
     6ab:	e9 8e fb ff ff       	jmp    0x23e
     6b0:	75 c4                	jne    0x676
     6b2:	48 3b 50 08          	cmp    rdx,QWORD PTR [rax+0x8]
     6b6:	73 be                	jae    0x676
     6b8:	48 8d 4a 01          	lea    rcx,[rdx+0x1]
     6bc:	48 89 08             	mov    QWORD PTR [rax],rcx
     6bf:	e9 6b fb ff ff       	jmp    0x22f
     6c4:	48 b9 00 00 00 00 00 00 f8 ff	movabs rcx,0xfff8000000000000
     6ce:	48 39 c8             	cmp    rax,rcx
     6d1:	0f 84 cf fb ff ff    	je     0x2a6
     6d7:	48 8b bd 40 ff ff ff 	mov    rdi,QWORD PTR [rbp-0xc0]
     6de:	49 bb 10 10 00 00 00 7f 00 00	movabs r11,0x7f0000001010
     6e8:	41 ff 13             	call   QWORD PTR [r11]
     6eb:	48 85 c0             	test   rax,rax
     6ee:	0f 85 ff fb ff ff    	jne    0x2f3
     6f4:	e9 ad fb ff ff       	jmp    0x2a6
     6f9:	48 8b bd 48 ff ff ff 	mov    rdi,QWORD PTR [rbp-0xb8]
     700:	48 c7 c6 00 00 00 00 	mov    rsi,0x0
     707:	49 bb 78 10 00 00 00 7f 00 00	movabs r11,0x7f0000001078
     711:	41 ff 13             	call   QWORD PTR [r11]
     714:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     71e:	48 39 c8             	cmp    rax,rcx
     721:	0f 84 01 01 00 00    	je     0x828
     727:	48 89 85 38 ff ff ff 	mov    QWORD PTR [rbp-0xc8],rax
     72e:	e9 c0 fb ff ff       	jmp    0x2f3
     733:	48 8b 95 30 ff ff ff 	mov    rdx,QWORD PTR [rbp-0xd0]
     73a:	52                   	push   rdx
     73b:	48 c7 c7 0f 00 00 00 	mov    rdi,0xf
     742:	48 89 e6             	mov    rsi,rsp
     745:	48 c7 c2 01 00 00 00 	mov    rdx,0x1
     74c:	49 bb 50 10 00 00 00 7f 00 00	movabs r11,0x7f0000001050
     756:	41 ff 13             	call   QWORD PTR [r11]
     759:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     763:	48 39 c8             	cmp    rax,rcx
     766:	0f 84 bc 00 00 00    	je     0x828
     76c:	48 89 85 28 ff ff ff 	mov    QWORD PTR [rbp-0xd8],rax
     773:	48 83 c4 08          	add    rsp,0x8
     777:	e9 9e fb ff ff       	jmp    0x31a
     77c:	48 b9 00 00 00 00 00 00 f8 ff	movabs rcx,0xfff8000000000000
     786:	48 39 c8             	cmp    rax,rcx
     789:	0f 84 20 fc ff ff    	je     0x3af
     78f:	48 8b bd 40 ff ff ff 	mov    rdi,QWORD PTR [rbp-0xc0]
     796:	49 bb 10 10 00 00 00 7f 00 00	movabs r11,0x7f0000001010
     7a0:	41 ff 13             	call   QWORD PTR [r11]
     7a3:	48 85 c0             	test   rax,rax
     7a6:	0f 85 a2 fb ff ff    	jne    0x34e
     7ac:	e9 fe fb ff ff       	jmp    0x3af
     7b1:	48 8b 95 28 ff ff ff 	mov    rdx,QWORD PTR [rbp-0xd8]
     7b8:	52                   	push   rdx
     7b9:	48 8b bd 48 ff ff ff 	mov    rdi,QWORD PTR [rbp-0xb8]
     7c0:	48 89 e6             	mov    rsi,rsp
     7c3:	48 c7 c2 01 00 00 00 	mov    rdx,0x1
     7ca:	49 bb 40 10 00 00 00 7f 00 00	movabs r11,0x7f0000001040
     7d4:	41 ff 13             	call   QWORD PTR [r11]
     7d7:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     7e1:	48 39 c8             	cmp    rax,rcx
     7e4:	74 42                	je     0x828
     7e6:	48 89 85 18 ff ff ff 	mov    QWORD PTR [rbp-0xe8],rax
     7ed:	48 83 c4 08          	add    rsp,0x8
     7f1:	e9 a9 fb ff ff       	jmp    0x39f
     7f6:	48 8b bd 38 ff ff ff 	mov    rdi,QWORD PTR [rbp-0xc8]
     7fd:	48 be 00 01 00 00 00 00 fc ff	movabs rsi,0xfffc000000000100
     807:	49 bb 68 10 00 00 00 7f 00 00	movabs r11,0x7f0000001068
     811:	41 ff 13             	call   QWORD PTR [r11]
     814:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     81e:	48 39 c8             	cmp    rax,rcx
     821:	74 05                	je     0x828
     823:	e9 a8 fb ff ff       	jmp    0x3d0
     828:	48 89 ec             	mov    rsp,rbp
     82b:	5d                   	pop    rbp
     82c:	c3                   	ret
