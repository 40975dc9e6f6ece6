; function <script>()  slots=0 vregs=11 entry=b0
; b0 entry:
;   v0 = func 0 (poly)                    ; 1:10
;   storeGlobal 0 (poly), v0              ; 1:10
;   v1 = func 1 (clamp)                   ; 2:10
;   storeGlobal 1 (clamp), v1             ; 2:10
;   v2 = loadGlobal 0 (poly)              ; 3:13
;   v3 = const 2                          ; 3:18
;   v4 = call v2(v3)                      ; 3:13
;   v5 = loadGlobal 1 (clamp)             ; 3:22
;   v6 = const 1                          ; 3:28
;   v7 = const 2                          ; 3:31
;   v8 = call v5(v6, v7)                  ; 3:22
;   v9 = callBuiltin console.log(v4, v8)  ; 3:1
;   v10 = const undefined                 ; 3:1
;   return v10                            ; 3:1
       0:	55                   	push   rbp
       1:	48 89 e5             	mov    rbp,rsp
       4:	48 83 ec 60          	sub    rsp,0x60
       8:	49 8b 07             	mov    rax,QWORD PTR [r15]
       b:	48 89 45 f8          	mov    QWORD PTR [rbp-0x8],rax
       f:	48 8b 45 f8          	mov    rax,QWORD PTR [rbp-0x8]
      13:	49 89 07             	mov    QWORD PTR [r15],rax
      16:	49 8b 47 08          	mov    rax,QWORD PTR [r15+0x8]
      1a:	48 89 45 f0          	mov    QWORD PTR [rbp-0x10],rax
      1e:	48 8b 45 f0          	mov    rax,QWORD PTR [rbp-0x10]
      22:	49 89 47 08          	mov    QWORD PTR [r15+0x8],rax
      26:	49 8b 07             	mov    rax,QWORD PTR [r15]
      29:	48 89 45 e8          	mov    QWORD PTR [rbp-0x18],rax
      2d:	48 b8 00 00 00 00 00 00 00 40	movabs rax,0x4000000000000000
      37:	48 89 45 e0          	mov    QWORD PTR [rbp-0x20],rax
      3b:	48 8b 45 e8          	mov    rax,QWORD PTR [rbp-0x18]
      3f:	48 b9 00 00 00 00 00 00 fe ff	movabs rcx,0xfffe000000000000
      49:	48 31 c8             	xor    rax,rcx
      4c:	48 89 c1             	mov    rcx,rax
      4f:	48 c1 e9 30          	shr    rcx,0x30
      53:	0f 85 22 01 00 00    	jne    0x17b
      59:	49 89 c2             	mov    r10,rax
      5c:	48 8b 40 20          	mov    rax,QWORD PTR [rax+0x20]
      60:	48 8b 55 e0          	mov    rdx,QWORD PTR [rbp-0x20]
      64:	52                   	push   rdx
      65:	49 bb 00 20 00 00 00 7f 00 00	movabs r11,0x7f0000002000
      6f:	48 c7 c1 01 00 00 00 	mov    rcx,0x1
      76:	48 ba 00 00 00 00 00 00 f9 ff	movabs rdx,0xfff9000000000000
      80:	41 ff 14 c3          	call   QWORD PTR [r11+rax*8]
      84:	48 83 c4 08          	add    rsp,0x8
      88:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
      92:	48 39 c8             	cmp    rax,rcx
      95:	0f 84 0f 01 00 00    	je     0x1aa
      9b:	48 89 45 d8          	mov    QWORD PTR [rbp-0x28],rax
      9f:	49 8b 47 08          	mov    rax,QWORD PTR [r15+0x8]
      a3:	48 89 45 d0          	mov    QWORD PTR [rbp-0x30],rax
      a7:	48 b8 00 00 00 00 00 00 f0 3f	movabs rax,0x3ff0000000000000
      b1:	48 89 45 c8          	mov    QWORD PTR [rbp-0x38],rax
      b5:	48 b8 00 00 00 00 00 00 00 40	movabs rax,0x4000000000000000
      bf:	48 89 45 c0          	mov    QWORD PTR [rbp-0x40],rax
      c3:	48 8b 45 d0          	mov    rax,QWORD PTR [rbp-0x30]
      c7:	48 b9 00 00 00 00 00 00 fe ff	movabs rcx,0xfffe000000000000
      d1:	48 31 c8             	xor    rax,rcx
      d4:	48 89 c1             	mov    rcx,rax
      d7:	48 c1 e9 30          	shr    rcx,0x30
      db:	0f 85 ce 00 00 00    	jne    0x1af
      e1:	49 89 c2             	mov    r10,rax
      e4:	48 8b 40 20          	mov    rax,QWORD PTR [rax+0x20]
      e8:	48 8b 55 c0          	mov    rdx,QWORD PTR [rbp-0x40]
      ec:	52                   	push   rdx
      ed:	48 8b 55 c8          	mov    rdx,QWORD PTR [rbp-0x38]
      f1:	52                   	push   rdx
      f2:	49 bb 00 20 00 00 00 7f 00 00	movabs r11,0x7f0000002000
      fc:	48 c7 c1 02 00 00 00 	mov    rcx,0x2
     103:	48 ba 00 00 00 00 00 00 f9 ff	movabs rdx,0xfff9000000000000
     10d:	41 ff 14 c3          	call   QWORD PTR [r11+rax*8]
     111:	48 83 c4 10          	add    rsp,0x10
     115:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     11f:	48 39 c8             	cmp    rax,rcx
     122:	0f 84 82 00 00 00    	je     0x1aa
     128:	48 89 45 b8          	mov    QWORD PTR [rbp-0x48],rax
     12c:	48 8b 55 b8          	mov    rdx,QWORD PTR [rbp-0x48]
     130:	52                   	push   rdx
     131:	48 8b 55 d8          	mov    rdx,QWORD PTR [rbp-0x28]
     135:	52                   	push   rdx
     136:	48 89 e7             	mov    rdi,rsp
     139:	48 c7 c6 02 00 00 00 	mov    rsi,0x2
     140:	49 bb 58 10 00 00 00 7f 00 00	movabs r11,0x7f0000001058
     14a:	41 ff 13             	call   QWORD PTR [r11]
     14d:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     157:	48 39 c8             	cmp    rax,rcx
     15a:	74 4e                	je     0x1aa
     15c:	48 89 45 b0          	mov    QWORD PTR [rbp-0x50],rax
     160:	48 83 c4 10          	add    rsp,0x10
     164:	48 b8 00 00 00 00 00 00 f9 ff	movabs rax,0xfff9000000000000
     16e:	48 89 45 a8          	mov    QWORD PTR [rbp-0x58],rax
     172:	48 8b 45 a8          	mov    rax,QWORD PTR [rbp-0x58]
     176:	48 89 ec             	mov    rsp,rbp
     179:	5d                   	pop    rbp
     17a:	c3                   	ret
     17b:	48 8b 7d e8          	mov    rdi,QWORD PTR [rbp-0x18]
     17f:	48 be 00 01 00 00 00 00 fc ff	movabs rsi,0xfffc000000000100
     189:	49 bb 68 10 00 00 00 7f 00 00	movabs r11,0x7f0000001068
     193:	41 ff 13             	call   QWORD PTR [r11]
     196:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     1a0:	48 39 c8             	cmp    rax,rcx
     1a3:	74 05                	je     0x1aa
     1a5:	e9 af fe ff ff       	jmp    0x59
     1aa:	48 89 ec             	mov    rsp,rbp
     1ad:	5d                   	pop    rbp
     1ae:	c3                   	ret
     1af:	48 8b 7d d0          	mov    rdi,QWORD PTR [rbp-0x30]
     1b3:	48 be 00 01 00 00 00 00 fc ff	movabs rsi,0xfffc000000000100
     1bd:	49 bb 68 10 00 00 00 7f 00 00	movabs r11,0x7f0000001068
     1c7:	41 ff 13             	call   QWORD PTR [r11]
     1ca:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     1d4:	48 39 c8             	cmp    rax,rcx
     1d7:	74 d1                	je     0x1aa
     1d9:	e9 03 ff ff ff       	jmp    0xe1

; function poly(x)  slots=1 vregs=11 entry=b0
; b0 entry:
;   v0 = loadLocal 0 (x)                  ; 1:27
;   v1 = loadLocal 0 (x)                  ; 1:31
;   v2 = binary * v0, v1                  ; 1:27
;   v3 = const 0.5                        ; 1:35
;   v4 = binary * v2, v3                  ; 1:27
;   v5 = loadLocal 0 (x)                  ; 1:41
;   v6 = const 3                          ; 1:45
;   v7 = binary / v5, v6                  ; 1:41
;   v8 = binary - v4, v7                  ; 1:27
;   v9 = const 1                          ; 1:49
;   v10 = binary + v8, v9                 ; 1:27
;   return v10                            ; 1:20
       0:	55                   	push   rbp
       1:	48 89 e5             	mov    rbp,rsp
       4:	48 83 ec 60          	sub    rsp,0x60
       8:	48 b8 00 00 00 00 00 00 f9 ff	movabs rax,0xfff9000000000000
      12:	48 83 f9 01          	cmp    rcx,0x1
      16:	7c 04                	jl     0x1c
      18:	48 8b 45 10          	mov    rax,QWORD PTR [rbp+0x10]
      1c:	48 89 45 f8          	mov    QWORD PTR [rbp-0x8],rax
      20:	48 8b 45 f8          	mov    rax,QWORD PTR [rbp-0x8]
      24:	48 89 45 f0          	mov    QWORD PTR [rbp-0x10],rax
      28:	48 8b 45 f8          	mov    rax,QWORD PTR [rbp-0x8]
      2c:	48 89 45 e8          	mov    QWORD PTR [rbp-0x18],rax
      30:	f3 0f 7e 45 f0       	movq   xmm0,QWORD PTR [rbp-0x10]
      35:	f2 0f 59 45 e8       	mulsd  xmm0,QWORD PTR [rbp-0x18]
      3a:	66 0f 2e c0          	ucomisd xmm0,xmm0
      3e:	0f 8a dc 00 00 00    	jp     0x120
      44:	66 0f d6 45 e0       	movq   QWORD PTR [rbp-0x20],xmm0
      49:	48 b8 00 00 00 00 00 00 e0 3f	movabs rax,0x3fe0000000000000
      53:	48 89 45 d8          	mov    QWORD PTR [rbp-0x28],rax
      57:	f3 0f 7e 45 e0       	movq   xmm0,QWORD PTR [rbp-0x20]
      5c:	f2 0f 59 45 d8       	mulsd  xmm0,QWORD PTR [rbp-0x28]
      61:	66 0f 2e c0          	ucomisd xmm0,xmm0
      65:	0f 8a 16 01 00 00    	jp     0x181
      6b:	66 0f d6 45 d0       	movq   QWORD PTR [rbp-0x30],xmm0
      70:	48 8b 45 f8          	mov    rax,QWORD PTR [rbp-0x8]
      74:	48 89 45 c8          	mov    QWORD PTR [rbp-0x38],rax
      78:	48 b8 00 00 00 00 00 00 08 40	movabs rax,0x4008000000000000
      82:	48 89 45 c0          	mov    QWORD PTR [rbp-0x40],rax
      86:	f3 0f 7e 45 c8       	movq   xmm0,QWORD PTR [rbp-0x38]
      8b:	f2 0f 5e 45 c0       	divsd  xmm0,QWORD PTR [rbp-0x40]
      90:	66 0f 2e c0          	ucomisd xmm0,xmm0
      94:	0f 8a 48 01 00 00    	jp     0x1e2
      9a:	66 0f d6 45 b8       	movq   QWORD PTR [rbp-0x48],xmm0
      9f:	f3 0f 7e 45 d0       	movq   xmm0,QWORD PTR [rbp-0x30]
      a4:	f2 0f 5c 45 b8       	subsd  xmm0,QWORD PTR [rbp-0x48]
      a9:	66 0f 2e c0          	ucomisd xmm0,xmm0
      ad:	0f 8a 90 01 00 00    	jp     0x243
      b3:	66 0f d6 45 b0       	movq   QWORD PTR [rbp-0x50],xmm0
      b8:	48 b8 00 00 00 00 00 00 f0 3f	movabs rax,0x3ff0000000000000
      c2:	48 89 45 a8          	mov    QWORD PTR [rbp-0x58],rax
      c6:	f3 0f 7e 45 b0       	movq   xmm0,QWORD PTR [rbp-0x50]
      cb:	f2 0f 58 45 a8       	addsd  xmm0,QWORD PTR [rbp-0x58]
      d0:	66 0f 2e c0          	ucomisd xmm0,xmm0
      d4:	0f 8a c6 01 00 00    	jp     0x2a0
      da:	66 0f d6 45 a0       	movq   QWORD PTR [rbp-0x60],xmm0
      df:	48 8b 45 a0          	mov    rax,QWORD PTR [rbp-0x60]
      e3:	48 89 ec             	mov    rsp,rbp
      e6:	5d                   	pop    rbp
      e7:	c3                   	ret
      e8:	48 c7 c7 02 00 00 00 	mov    rdi,0x2
      ef:	48 8b 75 f0          	mov    rsi,QWORD PTR [rbp-0x10]
      f3:	48 8b 55 e8          	mov    rdx,QWORD PTR [rbp-0x18]
      f7:	49 bb 00 10 00 00 00 7f 00 00	movabs r11,0x7f0000001000
     101:	41 ff 13             	call   QWORD PTR [r11]
     104:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     10e:	48 39 c8             	cmp    rax,rcx
     111:	0f 84 b2 01 00 00    	je     0x2c9
     117:	48 89 45 e0          	mov    QWORD PTR [rbp-0x20],rax
     11b:	e9 29 ff ff ff       	jmp    0x49
     120:	48 b9 00 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000000
     12a:	48 39 4d f0          	cmp    QWORD PTR [rbp-0x10],rcx
     12e:	73 b8                	jae    0xe8
     130:	48 39 4d e8          	cmp    QWORD PTR [rbp-0x18],rcx
     134:	73 b2                	jae    0xe8
     136:	48 b8 00 00 00 00 00 00 f8 ff	movabs rax,0xfff8000000000000
     140:	48 89 45 e0          	mov    QWORD PTR [rbp-0x20],rax
     144:	e9 00 ff ff ff       	jmp    0x49
     149:	48 c7 c7 02 00 00 00 	mov    rdi,0x2
     150:	48 8b 75 e0          	mov    rsi,QWORD PTR [rbp-0x20]
     154:	48 8b 55 d8          	mov    rdx,QWORD PTR [rbp-0x28]
     158:	49 bb 00 10 00 00 00 7f 00 00	movabs r11,0x7f0000001000
     162:	41 ff 13             	call   QWORD PTR [r11]
     165:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     16f:	48 39 c8             	cmp    rax,rcx
     172:	0f 84 51 01 00 00    	je     0x2c9
     178:	48 89 45 d0          	mov    QWORD PTR [rbp-0x30],rax
     17c:	e9 ef fe ff ff       	jmp    0x70
     181:	48 b9 00 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000000
     18b:	48 39 4d e0          	cmp    QWORD PTR [rbp-0x20],rcx
     18f:	73 b8                	jae    0x149
     191:	48 39 4d d8          	cmp    QWORD PTR [rbp-0x28],rcx
     195:	73 b2                	jae    0x149
     197:	48 b8 00 00 00 00 00 00 f8 ff	movabs rax,0xfff8000000000000
     1a1:	48 89 45 d0          	mov    QWORD PTR [rbp-0x30],rax
     1a5:	e9 c6 fe ff ff       	jmp    0x70
     1aa:	48 c7 c7 03 00 00 00 	mov    rdi,0x3
     1b1:	48 8b 75 c8          	mov    rsi,QWORD PTR [rbp-0x38]
     1b5:	48 8b 55 c0          	mov    rdx,QWORD PTR [rbp-0x40]
     1b9:	49 bb 00 10 00 00 00 7f 00 00	movabs r11,0x7f0000001000
     1c3:	41 ff 13             	call   QWORD PTR [r11]
     1c6:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     1d0:	48 39 c8             	cmp    rax,rcx
     1d3:	0f 84 f0 00 00 00    	je     0x2c9
     1d9:	48 89 45 b8          	mov    QWORD PTR [rbp-0x48],rax
     1dd:	e9 bd fe ff ff       	jmp    0x9f
     1e2:	48 b9 00 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000000
     1ec:	48 39 4d c8          	cmp    QWORD PTR [rbp-0x38],rcx
     1f0:	73 b8                	jae    0x1aa
     1f2:	48 39 4d c0          	cmp    QWORD PTR [rbp-0x40],rcx
     1f6:	73 b2                	jae    0x1aa
     1f8:	48 b8 00 00 00 00 00 00 f8 ff	movabs rax,0xfff8000000000000
     202:	48 89 45 b8          	mov    QWORD PTR [rbp-0x48],rax
     206:	e9 94 fe ff ff       	jmp    0x9f
     20b:	48 c7 c7 01 00 00 00 	mov    rdi,0x1
     212:	48 8b 75 d0          	mov    rsi,QWORD PTR [rbp-0x30]
     216:	48 8b 55 b8          	mov    rdx,QWORD PTR [rbp-0x48]
     21a:	49 bb 00 10 00 00 00 7f 00 00	movabs r11,0x7f0000001000
     224:	41 ff 13             	call   QWORD PTR [r11]
     227:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     231:	48 39 c8             	cmp    rax,rcx
     234:	0f 84 8f 00 00 00    	je     0x2c9
     23a:	48 89 45 b0          	mov    QWORD PTR [rbp-0x50],rax
     23e:	e9 75 fe ff ff       	jmp    0xb8
     243:	48 b9 00 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000000
     24d:	48 39 4d d0          	cmp    QWORD PTR [rbp-0x30],rcx
     251:	73 b8                	jae    0x20b
     253:	48 39 4d b8          	cmp    QWORD PTR [rbp-0x48],rcx
     257:	73 b2                	jae    0x20b
     259:	48 b8 00 00 00 00 00 00 f8 ff	movabs rax,0xfff8000000000000
     263:	48 89 45 b0          	mov    QWORD PTR [rbp-0x50],rax
     267:	e9 4c fe ff ff       	jmp    0xb8
     26c:	48 c7 c7 00 00 00 00 	mov    rdi,0x0
     273:	48 8b 75 b0          	mov    rsi,QWORD PTR [rbp-0x50]
     277:	48 8b 55 a8          	mov    rdx,QWORD PTR [rbp-0x58]
     27b:	49 bb 00 10 00 00 00 7f 00 00	movabs r11,0x7f0000001000
     285:	41 ff 13             	call   QWORD PTR [r11]
     288:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     292:	48 39 c8             	cmp    rax,rcx
     295:	74 32                	je     0x2c9
     297:	48 89 45 a0          	mov    QWORD PTR [rbp-0x60],rax
     29b:	e9 3f fe ff ff       	jmp    0xdf
     2a0:	48 b9 00 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000000
     2aa:	48 39 4d b0          	cmp    QWORD PTR [rbp-0x50],rcx
     2ae:	73 bc                	jae    0x26c
     2b0:	48 39 4d a8          	cmp    QWORD PTR [rbp-0x58],rcx
     2b4:	73 b6                	jae    0x26c
     2b6:	48 b8 00 00 00 00 00 00 f8 ff	movabs rax,0xfff8000000000000
     2c0:	48 89 45 a0          	mov    QWORD PTR [rbp-0x60],rax
     2c4:	e9 16 fe ff ff       	jmp    0xdf
     2c9:	48 89 ec             	mov    rsp,rbp
     2cc:	5d                   	pop    rbp
     2cd:	c3                   	ret

; function clamp(a, b)  slots=2 vregs=11 entry=b0
; b0 entry:
;   v0 = loadLocal 0 (a)                  ; 2:28
;   v1 = loadLocal 1 (b)                  ; 2:32
;   v2 = binary < v0, v1                  ; 2:28
;   br v2, b1, b2                         ; 2:28
; b1 if.then:
;   v3 = loadLocal 0 (a)                  ; 2:43
;   v4 = unary - v3                       ; 2:42
;   return v4                             ; 2:35
; b2 if.end:
;   v5 = loadLocal 0 (a)                  ; 2:53
;   v6 = loadLocal 1 (b)                  ; 2:59
;   v7 = binary === v5, v6                ; 2:53
;   br v7, b3, b4                         ; 2:53
; b3 cond.then:
;   v9 = const 0                          ; 2:63
;   v8 = copy v9                          ; 2:63
;   jump b5                               ; 2:63
; b4 cond.else:
;   v10 = loadLocal 1 (b)                 ; 2:67
;   v8 = copy v10                         ; 2:67
;   jump b5                               ; 2:67
; b5 cond.end:
;   return v8                             ; 2:46
       0:	55                   	push   rbp
       1:	48 89 e5             	mov    rbp,rsp
       4:	48 83 ec 70          	sub    rsp,0x70
       8:	48 b8 00 00 00 00 00 00 f9 ff	movabs rax,0xfff9000000000000
      12:	48 83 f9 01          	cmp    rcx,0x1
      16:	7c 04                	jl     0x1c
      18:	48 8b 45 10          	mov    rax,QWORD PTR [rbp+0x10]
      1c:	48 89 45 f8          	mov    QWORD PTR [rbp-0x8],rax
      20:	48 b8 00 00 00 00 00 00 f9 ff	movabs rax,0xfff9000000000000
      2a:	48 83 f9 02          	cmp    rcx,0x2
      2e:	7c 04                	jl     0x34
      30:	48 8b 45 18          	mov    rax,QWORD PTR [rbp+0x18]
      34:	48 89 45 f0          	mov    QWORD PTR [rbp-0x10],rax
      38:	48 8b 45 f8          	mov    rax,QWORD PTR [rbp-0x8]
      3c:	48 89 45 e8          	mov    QWORD PTR [rbp-0x18],rax
      40:	48 8b 45 f0          	mov    rax,QWORD PTR [rbp-0x10]
      44:	48 89 45 e0          	mov    QWORD PTR [rbp-0x20],rax
      48:	f3 0f 7e 45 e0       	movq   xmm0,QWORD PTR [rbp-0x20]
      4d:	66 0f 2e 45 e8       	ucomisd xmm0,QWORD PTR [rbp-0x18]
      52:	0f 8a 8b 00 00 00    	jp     0xe3
      58:	76 39                	jbe    0x93
      5a:	48 8b 45 f8          	mov    rax,QWORD PTR [rbp-0x8]
      5e:	48 89 45 d0          	mov    QWORD PTR [rbp-0x30],rax
      62:	48 8b 45 d0          	mov    rax,QWORD PTR [rbp-0x30]
      66:	48 b9 00 00 00 00 00 00 f8 ff	movabs rcx,0xfff8000000000000
      70:	48 39 c8             	cmp    rax,rcx
      73:	0f 83 b5 00 00 00    	jae    0x12e
      79:	48 b9 00 00 00 00 00 00 00 80	movabs rcx,0x8000000000000000
      83:	48 31 c8             	xor    rax,rcx
      86:	48 89 45 c8          	mov    QWORD PTR [rbp-0x38],rax
      8a:	48 8b 45 c8          	mov    rax,QWORD PTR [rbp-0x38]
      8e:	48 89 ec             	mov    rsp,rbp
      91:	5d                   	pop    rbp
      92:	c3                   	ret
      93:	48 8b 45 f8          	mov    rax,QWORD PTR [rbp-0x8]
      97:	48 89 45 c0          	mov    QWORD PTR [rbp-0x40],rax
      9b:	48 8b 45 f0          	mov    rax,QWORD PTR [rbp-0x10]
      9f:	48 89 45 b8          	mov    QWORD PTR [rbp-0x48],rax
      a3:	f3 0f 7e 45 c0       	movq   xmm0,QWORD PTR [rbp-0x40]
      a8:	66 0f 2e 45 b8       	ucomisd xmm0,QWORD PTR [rbp-0x48]
      ad:	0f 8a ab 00 00 00    	jp     0x15e
      b3:	75 15                	jne    0xca
      b5:	48 c7 c0 00 00 00 00 	mov    rax,0x0
      bc:	48 89 45 a0          	mov    QWORD PTR [rbp-0x60],rax
      c0:	48 8b 45 a0          	mov    rax,QWORD PTR [rbp-0x60]
      c4:	48 89 45 a8          	mov    QWORD PTR [rbp-0x58],rax
      c8:	eb 10                	jmp    0xda
      ca:	48 8b 45 f0          	mov    rax,QWORD PTR [rbp-0x10]
      ce:	48 89 45 98          	mov    QWORD PTR [rbp-0x68],rax
      d2:	48 8b 45 98          	mov    rax,QWORD PTR [rbp-0x68]
      d6:	48 89 45 a8          	mov    QWORD PTR [rbp-0x58],rax
      da:	48 8b 45 a8          	mov    rax,QWORD PTR [rbp-0x58]
      de:	48 89 ec             	mov    rsp,rbp
      e1:	5d                   	pop    rbp
      e2:	c3                   	ret
      e3:	48 c7 c7 0a 00 00 00 	mov    rdi,0xa
      ea:	48 8b 75 e8          	mov    rsi,QWORD PTR [rbp-0x18]
      ee:	48 8b 55 e0          	mov    rdx,QWORD PTR [rbp-0x20]
      f2:	49 bb 00 10 00 00 00 7f 00 00	movabs r11,0x7f0000001000
      fc:	41 ff 13             	call   QWORD PTR [r11]
      ff:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     109:	48 39 c8             	cmp    rax,rcx
     10c:	0f 84 91 00 00 00    	je     0x1a3
     112:	48 89 45 d8          	mov    QWORD PTR [rbp-0x28],rax
     116:	48 b9 01 00 00 00 00 00 fb ff	movabs rcx,0xfffb000000000001
     120:	48 39 c8             	cmp    rax,rcx
     123:	0f 84 31 ff ff ff    	je     0x5a
     129:	e9 65 ff ff ff       	jmp    0x93
     12e:	48 c7 c7 00 00 00 00 	mov    rdi,0x0
     135:	48 8b 75 d0          	mov    rsi,QWORD PTR [rbp-0x30]
     139:	49 bb 08 10 00 00 00 7f 00 00	movabs r11,0x7f0000001008
     143:	41 ff 13             	call   QWORD PTR [r11]
     146:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     150:	48 39 c8             	cmp    rax,rcx
     153:	74 4e                	je     0x1a3
     155:	48 89 45 c8          	mov    QWORD PTR [rbp-0x38],rax
     159:	e9 2c ff ff ff       	jmp    0x8a
     15e:	48 8b 45 c0          	mov    rax,QWORD PTR [rbp-0x40]
     162:	48 8b 55 b8          	mov    rdx,QWORD PTR [rbp-0x48]
     166:	48 39 d0             	cmp    rax,rdx
     169:	75 18                	jne    0x183
     16b:	48 b9 00 00 00 00 00 00 f8 ff	movabs rcx,0xfff8000000000000
     175:	48 39 c8             	cmp    rax,rcx
     178:	0f 84 4c ff ff ff    	je     0xca
     17e:	e9 32 ff ff ff       	jmp    0xb5
     183:	48 89 c1             	mov    rcx,rax
     186:	48 31 d1             	xor    rcx,rdx
     189:	48 c1 e9 30          	shr    rcx,0x30
     18d:	0f 85 37 ff ff ff    	jne    0xca
     193:	48 c1 e8 30          	shr    rax,0x30
     197:	3d fc ff 00 00       	cmp    eax,0xfffc
     19c:	74 0a                	je     0x1a8
     19e:	e9 27 ff ff ff       	jmp    0xca
     1a3:	48 89 ec             	mov    rsp,rbp
     1a6:	5d                   	pop    rbp
     1a7:	c3                   	ret
     1a8:	48 c7 c7 08 00 00 00 	mov    rdi,0x8
     1af:	48 8b 75 c0          	mov    rsi,QWORD PTR [rbp-0x40]
     1b3:	48 8b 55 b8          	mov    rdx,QWORD PTR [rbp-0x48]
     1b7:	49 bb 00 10 00 00 00 7f 00 00	movabs r11,0x7f0000001000
     1c1:	41 ff 13             	call   QWORD PTR [r11]
     1c4:	48 b9 02 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000002
     1ce:	48 39 c8             	cmp    rax,rcx
     1d1:	74 d0                	je     0x1a3
     1d3:	48 89 45 b0          	mov    QWORD PTR [rbp-0x50],rax
     1d7:	48 b9 01 00 00 00 00 00 fb ff	movabs rcx,0xfffb000000000001
     1e1:	48 39 c8             	cmp    rax,rcx
     1e4:	0f 84 cb fe ff ff    	je     0xb5
     1ea:	e9 db fe ff ff       	jmp    0xca
