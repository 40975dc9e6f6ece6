/**
 * The script and colours of the `pkjit audit html` page.  The script reads the timeline model
 * (html-model.ts) from the page's JSON data block and draws the lanes on one canvas, so the DOM
 * stays the same size whatever the log's: only the lane labels in view, the axis ticks and the
 * filter's boxes are elements.
 *
 *   view       [lo, hi] in record positions (seq); zoom keeps the position under the cursor,
 *              ticks are 1, 2 or 5 x 10^k records apart, about one every 90 pixels, recomputed
 *              at every change of the view
 *   lanes      laid out top to bottom (threads, then allocations by region); only the lanes in
 *              the scrolled viewport are drawn, and in a lane only the items in view (binary
 *              search by position), at most one per kind per pixel column
 *   hit test   the same search around the pointer: a fault, violation or broken invariant wins,
 *              then other markers, then window bars and rights bands
 *
 * Every string from the log reaches the page as JSON text and is set with textContent only; maps
 * keyed by its names have no prototype (a region named `constructor` is a name like any other).
 * Written as ES2017 in a string: it runs as is in the page, with no build step.
 */

/** Marker colours (canvas and legend). */
export const KIND_COLORS: Readonly<Record<string, string>> = {
  window: '#555555', reserve: '#9e9e9e', write: '#4a90d9', seal: '#7b4fc9', publish: '#2e9d4a', enter: '#00a0a0',
  patch: '#ff8f00', replace: '#a1887f', retire: '#263238', reclaim: '#90a4ae', exit: '#000000', unaudited: '#e91e63',
  refused: '#6d4c41', violation: '#e6c200', invariant: '#aa00ff', fault: '#e00000',
};

/** Colours of a key's rights (none, read, readwrite) and of an allocation's states (ALLOC_STATES order). */
export const RIGHTS_COLORS = ['#dcdcdc', '#7aa6e0', '#e06a5a'] as const;
export const STATE_COLORS = ['#e6e6e6', '#d7ccf0', '#ffcdd2', '#c8e6c9', '#b0bec5'] as const;

/** The page's script (its sha256 is the only script the page's CSP allows). */
export const SCRIPT = String.raw`(function(){'use strict';
var D=JSON.parse(document.getElementById('pkjit-data').textContent);
var C=JSON.parse(document.getElementById('pkjit-colors').textContent);
var MF=6,HEAD=18,KEYROW=11,ALLOC=18,LABEL=210,MIN_SPAN=8;
var PROBLEM={fault:1,violation:1,invariant:1};
var vp=document.getElementById('viewport'),inner=document.getElementById('inner'),cv=document.getElementById('cv');
var labels=document.getElementById('labels'),axis=document.getElementById('axis'),tip=document.getElementById('tip');
var detail=document.getElementById('detail'),detailText=document.getElementById('detail-text');
var ctx=cv.getContext('2d');
var M=D.marks,last=D.last,full={lo:-1,hi:last+1},view={lo:full.lo,hi:full.hi};
var hidden={kind:Object.create(null),tid:Object.create(null),region:Object.create(null)},shown=[],total=0,W=0,H=0,sel=-1,ticks=[],drag=null,queued=false;
var problemBySeq={};D.problems.forEach(function(p){problemBySeq[p.seq]=p;});
function kindOf(m){return D.kinds[M[m*MF+1]];}
function markShown(m){var t=M[m*MF+3],r=M[m*MF+4];
  return !hidden.kind[kindOf(m)]&&!(t>=0&&hidden.tid[t])&&!(r>=0&&hidden.region[D.regions[r]]);}
function laneShown(l){return l.type==='t'?!hidden.tid[l.tid]:!(l.region>=0&&hidden.region[D.regions[l.region]]);}
function laneHeight(l){return l.type==='t'?HEAD+KEYROW*l.keys.length+3:ALLOC+3;}
function layout(){shown=[];total=0;D.lanes.forEach(function(l){if(!laneShown(l))return;l.top=total;l.h=laneHeight(l);total+=l.h;shown.push(l);});
  inner.style.height=total+'px';vp.style.height=Math.max(60,Math.min(total,Math.round(window.innerHeight*0.7)))+'px';
  document.getElementById('lane-count').textContent=shown.length+' of '+D.lanes.length+' lanes shown';}
function resize(){var dpr=window.devicePixelRatio||1;W=Math.max(100,vp.clientWidth-LABEL);H=vp.clientHeight;
  cv.width=Math.round(W*dpr);cv.height=Math.round(H*dpr);cv.style.width=W+'px';cv.style.height=H+'px';axis.style.width=W+'px';
  ctx.setTransform(dpr,0,0,dpr,0,0);}
function X(p){return (p-view.lo)/(view.hi-view.lo)*W;}
function P(x){return view.lo+x/W*(view.hi-view.lo);}
function niceStep(raw){var e=Math.pow(10,Math.floor(Math.log10(Math.max(raw,1e-9))));var f=raw/e;
  return Math.max(1,(f<=1?1:f<=2?2:f<=5?5:10)*e);}
function makeTicks(){var step=niceStep((view.hi-view.lo)/Math.max(2,Math.floor(W/90)));ticks=[];
  for(var t=Math.ceil(view.lo/step)*step;t<=view.hi;t+=step)if(t>=0&&t<=last)ticks.push(t);
  axis.textContent='';ticks.forEach(function(t){var s=document.createElement('span');s.className='tick';s.setAttribute('data-seq',String(t));
    s.textContent=String(t);s.style.left=X(t).toFixed(1)+'px';axis.appendChild(s);});
  document.getElementById('view').textContent='seq '+Math.max(0,Math.ceil(view.lo))+'..'+Math.min(last,Math.floor(view.hi))+' of 0..'+last+', a tick every '+step+' record'+(step===1?'':'s');
  axis.setAttribute('data-step',String(step));}
function firstItem(l,from){var a=0,b=l.items.length/2;while(a<b){var c=(a+b)>>1;if(M[l.items[2*c]*MF]<from)a=c+1;else b=c;}return a;}
function firstSeg(segs,from){var a=0,b=segs.length/3;while(a<b){var c=(a+b)>>1;if(segs[3*c+1]<=from)a=c+1;else b=c;}return a;}
function firstLane(y){var a=0,b=shown.length;while(a<b){var c=(a+b)>>1;if(shown[c].top+shown[c].h<=y)a=c+1;else b=c;}return a;}
function drawSegs(segs,colors,y,h,skipZero){var lastPx=-2,lastCode=-1;
  for(var i=firstSeg(segs,view.lo);i<segs.length/3;i++){var f=segs[3*i],t=segs[3*i+1],code=segs[3*i+2];if(f>view.hi)break;
    if(skipZero&&code===0)continue;var x0=Math.max(0,X(f)),x1=Math.min(W,X(t)),px=Math.floor(x0);
    if(px===lastPx&&code<=lastCode&&x1-x0<1)continue;lastPx=px;lastCode=code;ctx.fillStyle=colors[code];ctx.fillRect(x0,y,Math.max(1,x1-x0),h);}}
function drawItems(l,y,problems){var row=l.type==='t'?HEAD:ALLOC,lastPx={};
  for(var i=firstItem(l,view.lo-l.span-1);i<l.items.length/2;i++){var m=l.items[2*i],end=l.items[2*i+1],p=M[m*MF];if(p>view.hi+1)break;
    if(end<view.lo-1||!markShown(m))continue;var k=kindOf(m);if(!PROBLEM[k]!==!problems)continue;
    var x=X(p),px=Math.round(x);if(lastPx[k]===px&&k!=='window')continue;lastPx[k]=px;
    ctx.fillStyle=(M[m*MF+2]&1)&&k!=='seal'?'#b02020':C.kinds[k];
    if(k==='window'){ctx.fillRect(Math.max(0,x),y+row-7,Math.max(2,Math.min(W,X(end))-Math.max(0,x)),5);continue;}
    if(problems){ctx.fillRect(px-1,y,3,l.h-3);ctx.beginPath();ctx.moveTo(px-5,y);ctx.lineTo(px+5,y);ctx.lineTo(px,y+6);ctx.fill();continue;}
    ctx.fillRect(px-1,y+1,3,row-2);if((M[m*MF+2]&1)&&k==='seal'){ctx.fillStyle='#e00000';ctx.fillRect(px-1,y+1,3,4);}}}
function drawLane(l,y,prev){ctx.fillStyle='#f7f7f7';ctx.fillRect(Math.max(0,X(l.from)),y,Math.max(1,Math.min(W,X(l.to+1))-Math.max(0,X(l.from))),l.h-3);
  if(prev&&(prev.type!==l.type||prev.region!==l.region)){ctx.fillStyle='#888';ctx.fillRect(0,y-1,W,1);}
  if(l.type==='t')l.keys.forEach(function(k,i){drawSegs(k.segs,C.rights,y+HEAD+i*KEYROW,KEYROW-3,false);});
  else drawSegs(l.states,C.states,y+6,6,false);
  drawItems(l,y,false);drawItems(l,y,true);}
function draw(){queued=false;ctx.clearRect(0,0,W,H);var top=vp.scrollTop;cv.style.top=top+'px';
  ctx.fillStyle='#eeeeee';ticks.forEach(function(t){ctx.fillRect(Math.round(X(t)),0,1,H);});
  for(var i=firstLane(top);i<shown.length&&shown[i].top<top+H;i++)drawLane(shown[i],shown[i].top-top,shown[i-1]);
  if(sel>=0){var p=M[sel*MF],x=X(p);ctx.strokeStyle='#000';ctx.lineWidth=2;ctx.strokeRect(x-5,0,10,H);}
  drawLabels(top);}
function drawLabels(top){labels.textContent='';for(var i=firstLane(top);i<shown.length&&shown[i].top<top+H;i++){var l=shown[i];
  var d=document.createElement('div');d.className='lane-label '+(l.type==='t'?'thread':'alloc');d.setAttribute('data-lane',l.id);
  d.style.top=l.top+'px';d.style.height=(l.h-3)+'px';var h=document.createElement('div');h.className='name';h.textContent=l.label;
  h.setAttribute('data-tip',l.tip);d.appendChild(h);
  if(l.type==='t')l.keys.forEach(function(k){var r=document.createElement('div');r.className='key';r.textContent=k.label;r.setAttribute('data-tip',k.tip);d.appendChild(r);});
  labels.appendChild(d);}}
function redraw(){makeTicks();if(!queued){queued=true;requestAnimationFrame(draw);}}
function setView(lo,hi){var span=Math.min(full.hi-full.lo,Math.max(MIN_SPAN,hi-lo));lo=Math.max(full.lo,Math.min(full.hi-span,lo));
  view={lo:lo,hi:lo+span};redraw();}
function zoom(f,px){if(px===undefined)px=W/2;var at=P(px),span=(view.hi-view.lo)*f;setView(at-px/W*span,at-px/W*span+span);}
function hit(cx,cy){var y=cy+vp.scrollTop,i=firstLane(y),l=shown[i];if(!l||y<l.top)return null;
  var best=null,bestD=1e9;for(var j=firstItem(l,P(cx-5)-l.span-1);j<l.items.length/2;j++){var m=l.items[2*j],end=l.items[2*j+1],p=M[m*MF];
    if(p>P(cx+5))break;if(!markShown(m))continue;var k=kindOf(m),d=Math.abs(X(p)-cx);
    if(k==='window'){if(cx<X(p)-3||cx>X(end)+3)continue;d=4.5;}else if(d>5)continue;if(PROBLEM[k])d-=10;if(d<bestD){bestD=d;best=m;}}
  if(best!==null)return {mark:best,lane:l};var ry=y-l.top-HEAD,row=Math.floor(ry/KEYROW);
  if(l.type==='t'&&ry>=0&&row<l.keys.length){var k2=l.keys[row],s=firstSeg(k2.segs,P(cx));
    if(s<k2.segs.length/3&&k2.segs[3*s]<=P(cx))return {text:'thread '+l.tid+' k'+k2.key+': '+C.rightsNames[k2.segs[3*s+2]]+', seq '+k2.segs[3*s]+'..'+(k2.segs[3*s+1]-1)+'\n'+k2.tip,lane:l};}
  return {text:l.tip,lane:l};}
function textOf(m){return D.texts[m];}
function show(m){sel=m;var k=kindOf(m),p=PROBLEM[k]?problemBySeq[M[m*MF+5]]:null;detail.hidden=false;
  detail.setAttribute('data-seq',String(M[m*MF+5]));detail.setAttribute('data-kind',k);
  detailText.textContent=p?'seq '+p.seq+' '+p.kind+': '+p.line+'\n\n'+p.explanation+'\n\nthe record:\n'+textOf(m):textOf(m);redraw();}
function pointer(e){var r=cv.getBoundingClientRect();return {x:e.clientX-r.left,y:e.clientY-r.top};}
cv.addEventListener('mousedown',function(e){drag={x:e.clientX,lo:view.lo,hi:view.hi,moved:false};e.preventDefault();});
window.addEventListener('mousemove',function(e){if(drag){var dx=e.clientX-drag.x;if(Math.abs(dx)>3)drag.moved=true;
    if(drag.moved){var sh=dx/W*(drag.hi-drag.lo);setView(drag.lo-sh,drag.hi-sh);}return;}
  var t=e.target instanceof Element?e.target.closest('[data-tip]'):null,text=t?t.getAttribute('data-tip'):null;
  if(!text&&e.target===cv){var p=pointer(e),h=hit(p.x,p.y);text=h?(h.mark!==undefined?textOf(h.mark):h.text):null;}
  if(!text){tip.style.display='none';return;}tip.textContent=text;tip.style.display='block';
  tip.style.left=Math.min(e.clientX+12,window.innerWidth-tip.offsetWidth-4)+'px';tip.style.top=(e.clientY+14)+'px';});
window.addEventListener('mouseup',function(e){var d=drag;drag=null;if(!d||d.moved||e.target!==cv)return;
  var p=pointer(e),h=hit(p.x,p.y);if(h&&h.mark!==undefined)show(h.mark);else if(h){sel=-1;detail.hidden=false;detail.removeAttribute('data-seq');detailText.textContent=h.text;redraw();}});
cv.addEventListener('wheel',function(e){var p=pointer(e);if(e.ctrlKey||e.metaKey){e.preventDefault();zoom(Math.exp(e.deltaY*0.002),p.x);}
  else if(e.shiftKey||Math.abs(e.deltaX)>Math.abs(e.deltaY)){e.preventDefault();var sh=(e.deltaX||e.deltaY)/W*(view.hi-view.lo);setView(view.lo+sh,view.hi+sh);}},{passive:false});
vp.addEventListener('scroll',function(){if(!queued){queued=true;requestAnimationFrame(draw);}});
document.getElementById('zoom-in').addEventListener('click',function(){zoom(0.5);});
document.getElementById('zoom-out').addEventListener('click',function(){zoom(2);});
document.getElementById('zoom-fit').addEventListener('click',function(){setView(full.lo,full.hi);});
document.getElementById('detail-close').addEventListener('click',function(){detail.hidden=true;sel=-1;redraw();});
document.addEventListener('keydown',function(e){if(e.target instanceof HTMLInputElement)return;var s=(view.hi-view.lo)/4;
  if(e.key==='+'||e.key==='=')zoom(0.5);else if(e.key==='-')zoom(2);else if(e.key==='0')setView(full.lo,full.hi);
  else if(e.key==='ArrowLeft')setView(view.lo-s,view.hi-s);else if(e.key==='ArrowRight')setView(view.lo+s,view.hi+s);});
document.getElementById('filter').addEventListener('change',function(e){var b=e.target;if(!(b instanceof HTMLInputElement))return;
  var f=b.getAttribute('data-filter'),v=b.getAttribute('data-value');if(f&&v!==null){hidden[f][v]=!b.checked;}
  if(b.id==='f-tids'||b.id==='f-regions'){var want=b.value.split(',').map(function(s){return s.trim();}).filter(Boolean),map=Object.create(null);
    want.forEach(function(w){map[w]=1;});var key=b.id==='f-tids'?'tid':'region',all=b.id==='f-tids'?D.threads.map(String):D.regions;
    hidden[key]=Object.create(null);if(want.length)all.forEach(function(n){if(!map[n])hidden[key][n]=true;});}
  layout();redraw();});
function reveal(m){var p=M[m*MF],span=view.hi-view.lo;if(span>200)span=100;if(p<view.lo||p>view.hi||span!==view.hi-view.lo)setView(p-span/2,p+span/2);
  for(var i=0;i<shown.length;i++){var l=shown[i],it=l.items;for(var j=0;j<it.length;j+=2)if(it[j]===m){if(l.top<vp.scrollTop||l.top+l.h>vp.scrollTop+H)vp.scrollTop=Math.max(0,l.top-20);return;}}}
document.getElementById('problems').addEventListener('click',function(e){var tr=e.target instanceof Element?e.target.closest('tr[data-seq]'):null;if(!tr)return;
  var seq=Number(tr.getAttribute('data-seq')),m=-1;for(var i=0;i<M.length/MF;i++)if(M[i*MF+5]===seq&&PROBLEM[kindOf(i)]){m=i;break;}
  if(m<0)return;reveal(m);show(m);detail.scrollIntoView({block:'nearest'});});
window.addEventListener('resize',function(){resize();layout();redraw();});
resize();layout();resize();redraw();
document.body.setAttribute('data-ready','1');})();`;
