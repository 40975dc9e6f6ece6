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
      53:	0f 85 ed 00 00 00    	jne    0x146
      59:	49 89 c2             	mov    r10,rax
      5c:	48 8b 40 20          	mov    rax,QWORD PTR [rax+0x20]
      60:	48 8b 55 e0          	mov    rdx,QWORD PTR [rbp-0x20]
      64:	52                   	push   rdx
      65:	49 bb 00 20 00 00 00 7f 00 00	movabs r11,0x7f0000002000
      6f:	48 c7 c1 01 00 00 00 	mov    rcx,0x1
      76:	48 ba 00 00 00 00 00 00 f9 ff	movabs rdx,0xfff9000000000000
      80:	41 ff 14 c3          	call   QWORD PTR [r11+rax*8]
      84:	48 83 c4 08          	add    rsp,0x8
      88:	48 89 45 d8          	mov    QWORD PTR [rbp-0x28],rax
      8c:	49 8b 47 08          	mov    rax,QWORD PTR [r15+0x8]
      90:	48 89 45 d0          	mov    QWORD PTR [rbp-0x30],rax
      94:	48 b8 00 00 00 00 00 00 f0 3f	movabs rax,0x3ff0000000000000
      9e:	48 89 45 c8          	mov    QWORD PTR [rbp-0x38],rax
      a2:	48 b8 00 00 00 00 00 00 00 40	movabs rax,0x4000000000000000
      ac:	48 89 45 c0          	mov    QWORD PTR [rbp-0x40],rax
      b0:	48 8b 45 d0          	mov    rax,QWORD PTR [rbp-0x30]
      b4:	48 b9 00 00 00 00 00 00 fe ff	movabs rcx,0xfffe000000000000
      be:	48 31 c8             	xor    rax,rcx
      c1:	48 89 c1             	mov    rcx,rax
      c4:	48 c1 e9 30          	shr    rcx,0x30
      c8:	0f 85 98 00 00 00    	jne    0x166
      ce:	49 89 c2             	mov    r10,rax
      d1:	48 8b 40 20          	mov    rax,QWORD PTR [rax+0x20]
      d5:	48 8b 55 c0          	mov    rdx,QWORD PTR [rbp-0x40]
      d9:	52                   	push   rdx
      da:	48 8b 55 c8          	mov    rdx,QWORD PTR [rbp-0x38]
      de:	52                   	push   rdx
      df:	49 bb 00 20 00 00 00 7f 00 00	movabs r11,0x7f0000002000
      e9:	48 c7 c1 02 00 00 00 	mov    rcx,0x2
      f0:	48 ba 00 00 00 00 00 00 f9 ff	movabs rdx,0xfff9000000000000
      fa:	41 ff 14 c3          	call   QWORD PTR [r11+rax*8]
      fe:	48 83 c4 10          	add    rsp,0x10
     102:	48 89 45 b8          	mov    QWORD PTR [rbp-0x48],rax
     106:	48 8b 55 b8          	mov    rdx,QWORD PTR [rbp-0x48]
     10a:	52                   	push   rdx
     10b:	48 8b 55 d8          	mov    rdx,QWORD PTR [rbp-0x28]
     10f:	52                   	push   rdx
     110:	48 89 e7             	mov    rdi,rsp
     113:	48 c7 c6 02 00 00 00 	mov    rsi,0x2
     11a:	49 bb 58 10 00 00 00 7f 00 00	movabs r11,0x7f0000001058
     124:	41 ff 13             	call   QWORD PTR [r11]
     127:	48 89 45 b0          	mov    QWORD PTR [rbp-0x50],rax
     12b:	48 83 c4 10          	add    rsp,0x10
     12f:	48 b8 00 00 00 00 00 00 f9 ff	movabs rax,0xfff9000000000000
     139:	48 89 45 a8          	mov    QWORD PTR [rbp-0x58],rax
     13d:	48 8b 45 a8          	mov    rax,QWORD PTR [rbp-0x58]
     141:	48 89 ec             	mov    rsp,rbp
     144:	5d                   	pop    rbp
     145:	c3                   	ret
     146:	48 8b 7d e8          	mov    rdi,QWORD PTR [rbp-0x18]
     14a:	48 be 00 01 00 00 00 00 fc ff	movabs rsi,0xfffc000000000100
     154:	49 bb 68 10 00 00 00 7f 00 00	movabs r11,0x7f0000001068
     15e:	41 ff 13             	call   QWORD PTR [r11]
     161:	e9 f3 fe ff ff       	jmp    0x59
     166:	48 8b 7d d0          	mov    rdi,QWORD PTR [rbp-0x30]
     16a:	48 be 00 01 00 00 00 00 fc ff	movabs rsi,0xfffc000000000100
     174:	49 bb 68 10 00 00 00 7f 00 00	movabs r11,0x7f0000001068
     17e:	41 ff 13             	call   QWORD PTR [r11]
     181:	e9 48 ff ff ff       	jmp    0xce

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
      3e:	0f 8a c9 00 00 00    	jp     0x10d
      44:	66 0f d6 45 e0       	movq   QWORD PTR [rbp-0x20],xmm0
      49:	48 b8 00 00 00 00 00 00 e0 3f	movabs rax,0x3fe0000000000000
      53:	48 89 45 d8          	mov    QWORD PTR [rbp-0x28],rax
      57:	f3 0f 7e 45 e0       	movq   xmm0,QWORD PTR [rbp-0x20]
      5c:	f2 0f 59 45 d8       	mulsd  xmm0,QWORD PTR [rbp-0x28]
      61:	66 0f 2e c0          	ucomisd xmm0,xmm0
      65:	0f 8a f0 00 00 00    	jp     0x15b
      6b:	66 0f d6 45 d0       	movq   QWORD PTR [rbp-0x30],xmm0
      70:	48 8b 45 f8          	mov    rax,QWORD PTR [rbp-0x8]
      74:	48 89 45 c8          	mov    QWORD PTR [rbp-0x38],rax
      78:	48 b8 00 00 00 00 00 00 08 40	movabs rax,0x4008000000000000
      82:	48 89 45 c0          	mov    QWORD PTR [rbp-0x40],rax
      86:	f3 0f 7e 45 c8       	movq   xmm0,QWORD PTR [rbp-0x38]
      8b:	f2 0f 5e 45 c0       	divsd  xmm0,QWORD PTR [rbp-0x40]
      90:	66 0f 2e c0          	ucomisd xmm0,xmm0
      94:	0f 8a 0f 01 00 00    	jp     0x1a9
      9a:	66 0f d6 45 b8       	movq   QWORD PTR [rbp-0x48],xmm0
      9f:	f3 0f 7e 45 d0       	movq   xmm0,QWORD PTR [rbp-0x30]
      a4:	f2 0f 5c 45 b8       	subsd  xmm0,QWORD PTR [rbp-0x48]
      a9:	66 0f 2e c0          	ucomisd xmm0,xmm0
      ad:	0f 8a 44 01 00 00    	jp     0x1f7
      b3:	66 0f d6 45 b0       	movq   QWORD PTR [rbp-0x50],xmm0
      b8:	48 b8 00 00 00 00 00 00 f0 3f	movabs rax,0x3ff0000000000000
      c2:	48 89 45 a8          	mov    QWORD PTR [rbp-0x58],rax
      c6:	f3 0f 7e 45 b0       	movq   xmm0,QWORD PTR [rbp-0x50]
      cb:	f2 0f 58 45 a8       	addsd  xmm0,QWORD PTR [rbp-0x58]
      d0:	66 0f 2e c0          	ucomisd xmm0,xmm0
      d4:	0f 8a 6b 01 00 00    	jp     0x245
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
     104:	48 89 45 e0          	mov    QWORD PTR [rbp-0x20],rax
     108:	e9 3c ff ff ff       	jmp    0x49
     10d:	48 b9 00 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000000
     117:	48 39 4d f0          	cmp    QWORD PTR [rbp-0x10],rcx
     11b:	73 cb                	jae    0xe8
     11d:	48 39 4d e8          	cmp    QWORD PTR [rbp-0x18],rcx
     121:	73 c5                	jae    0xe8
     123:	48 b8 00 00 00 00 00 00 f8 ff	movabs rax,0xfff8000000000000
     12d:	48 89 45 e0          	mov    QWORD PTR [rbp-0x20],rax
     131:	e9 13 ff ff ff       	jmp    0x49
     136:	48 c7 c7 02 00 00 00 	mov    rdi,0x2
     13d:	48 8b 75 e0          	mov    rsi,QWORD PTR [rbp-0x20]
     141:	48 8b 55 d8          	mov    rdx,QWORD PTR [rbp-0x28]
     145:	49 bb 00 10 00 00 00 7f 00 00	movabs r11,0x7f0000001000
     14f:	41 ff 13             	call   QWORD PTR [r11]
     152:	48 89 45 d0          	mov    QWORD PTR [rbp-0x30],rax
     156:	e9 15 ff ff ff       	jmp    0x70
     15b:	48 b9 00 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000000
     165:	48 39 4d e0          	cmp    QWORD PTR [rbp-0x20],rcx
     169:	73 cb                	jae    0x136
     16b:	48 39 4d d8          	cmp    QWORD PTR [rbp-0x28],rcx
     16f:	73 c5                	jae    0x136
     171:	48 b8 00 00 00 00 00 00 f8 ff	movabs rax,0xfff8000000000000
     17b:	48 89 45 d0          	mov    QWORD PTR [rbp-0x30],rax
     17f:	e9 ec fe ff ff       	jmp    0x70
     184:	48 c7 c7 03 00 00 00 	mov    rdi,0x3
     18b:	48 8b 75 c8          	mov    rsi,QWORD PTR [rbp-0x38]
     18f:	48 8b 55 c0          	mov    rdx,QWORD PTR [rbp-0x40]
     193:	49 bb 00 10 00 00 00 7f 00 00	movabs r11,0x7f0000001000
     19d:	41 ff 13             	call   QWORD PTR [r11]
     1a0:	48 89 45 b8          	mov    QWORD PTR [rbp-0x48],rax
     1a4:	e9 f6 fe ff ff       	jmp    0x9f
     1a9:	48 b9 00 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000000
     1b3:	48 39 4d c8          	cmp    QWORD PTR [rbp-0x38],rcx
     1b7:	73 cb                	jae    0x184
     1b9:	48 39 4d c0          	cmp    QWORD PTR [rbp-0x40],rcx
     1bd:	73 c5                	jae    0x184
     1bf:	48 b8 00 00 00 00 00 00 f8 ff	movabs rax,0xfff8000000000000
     1c9:	48 89 45 b8          	mov    QWORD PTR [rbp-0x48],rax
     1cd:	e9 cd fe ff ff       	jmp    0x9f
     1d2:	48 c7 c7 01 00 00 00 	mov    rdi,0x1
     1d9:	48 8b 75 d0          	mov    rsi,QWORD PTR [rbp-0x30]
     1dd:	48 8b 55 b8          	mov    rdx,QWORD PTR [rbp-0x48]
     1e1:	49 bb 00 10 00 00 00 7f 00 00	movabs r11,0x7f0000001000
     1eb:	41 ff 13             	call   QWORD PTR [r11]
     1ee:	48 89 45 b0          	mov    QWORD PTR [rbp-0x50],rax
     1f2:	e9 c1 fe ff ff       	jmp    0xb8
     1f7:	48 b9 00 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000000
     201:	48 39 4d d0          	cmp    QWORD PTR [rbp-0x30],rcx
     205:	73 cb                	jae    0x1d2
     207:	48 39 4d b8          	cmp    QWORD PTR [rbp-0x48],rcx
     20b:	73 c5                	jae    0x1d2
     20d:	48 b8 00 00 00 00 00 00 f8 ff	movabs rax,0xfff8000000000000
     217:	48 89 45 b0          	mov    QWORD PTR [rbp-0x50],rax
     21b:	e9 98 fe ff ff       	jmp    0xb8
     220:	48 c7 c7 00 00 00 00 	mov    rdi,0x0
     227:	48 8b 75 b0          	mov    rsi,QWORD PTR [rbp-0x50]
     22b:	48 8b 55 a8          	mov    rdx,QWORD PTR [rbp-0x58]
     22f:	49 bb 00 10 00 00 00 7f 00 00	movabs r11,0x7f0000001000
     239:	41 ff 13             	call   QWORD PTR [r11]
     23c:	48 89 45 a0          	mov    QWORD PTR [rbp-0x60],rax
     240:	e9 9a fe ff ff       	jmp    0xdf
     245:	48 b9 00 00 00 00 00 00 f9 ff	movabs rcx,0xfff9000000000000
     24f:	48 39 4d b0          	cmp    QWORD PTR [rbp-0x50],rcx
     253:	73 cb                	jae    0x220
     255:	48 39 4d a8          	cmp    QWORD PTR [rbp-0x58],rcx
     259:	73 c5                	jae    0x220
     25b:	48 b8 00 00 00 00 00 00 f8 ff	movabs rax,0xfff8000000000000
     265:	48 89 45 a0          	mov    QWORD PTR [rbp-0x60],rax
     269:	e9 71 fe ff ff       	jmp    0xdf

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
      73:	0f 83 a2 00 00 00    	jae    0x11b
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
      ad:	0f 8a 89 00 00 00    	jp     0x13c
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
      ff:	48 89 45 d8          	mov    QWORD PTR [rbp-0x28],rax
     103:	48 b9 01 00 00 00 00 00 fb ff	movabs rcx,0xfffb000000000001
     10d:	48 39 c8             	cmp    rax,rcx
     110:	0f 84 44 ff ff ff    	je     0x5a
     116:	e9 78 ff ff ff       	jmp    0x93
     11b:	48 c7 c7 00 00 00 00 	mov    rdi,0x0
     122:	48 8b 75 d0          	mov    rsi,QWORD PTR [rbp-0x30]
     126:	49 bb 08 10 00 00 00 7f 00 00	movabs r11,0x7f0000001008
     130:	41 ff 13             	call   QWORD PTR [r11]
     133:	48 89 45 c8          	mov    QWORD PTR [rbp-0x38],rax
     137:	e9 4e ff ff ff       	jmp    0x8a
     13c:	48 8b 45 c0          	mov    rax,QWORD PTR [rbp-0x40]
     140:	48 8b 55 b8          	mov    rdx,QWORD PTR [rbp-0x48]
     144:	48 39 d0             	cmp    rax,rdx
     147:	75 18                	jne    0x161
     149:	48 b9 00 00 00 00 00 00 f8 ff	movabs rcx,0xfff8000000000000
     153:	48 39 c8             	cmp    rax,rcx
     156:	0f 84 6e ff ff ff    	je     0xca
     15c:	e9 54 ff ff ff       	jmp    0xb5
     161:	48 89 c1             	mov    rcx,rax
     164:	48 31 d1             	xor    rcx,rdx
     167:	48 c1 e9 30          	shr    rcx,0x30
     16b:	0f 85 59 ff ff ff    	jne    0xca
     171:	48 c1 e8 30          	shr    rax,0x30
     175:	3d fc ff 00 00       	cmp    eax,0xfffc
     17a:	74 05                	je     0x181
     17c:	e9 49 ff ff ff       	jmp    0xca
     181:	48 c7 c7 08 00 00 00 	mov    rdi,0x8
     188:	48 8b 75 c0          	mov    rsi,QWORD PTR [rbp-0x40]
     18c:	48 8b 55 b8          	mov    rdx,QWORD PTR [rbp-0x48]
     190:	49 bb 00 10 00 00 00 7f 00 00	movabs r11,0x7f0000001000
     19a:	41 ff 13             	call   QWORD PTR [r11]
     19d:	48 89 45 b0          	mov    QWORD PTR [rbp-0x50],rax
     1a1:	48 b9 01 00 00 00 00 00 fb ff	movabs rcx,0xfffb000000000001
     1ab:	48 39 c8             	cmp    rax,rcx
     1ae:	0f 84 01 ff ff ff    	je     0xb5
     1b4:	e9 11 ff ff ff       	jmp    0xca
