/**
 * The board page's first script (inlined into the HTML with the page's CSP nonce, before the
 * server-rendered preview): it opens the document socket while the app's JavaScript is still
 * loading, and keeps every event of it for the y-websocket provider, which adopts the socket
 * once the app runs (early-socket.ts). Measured (DECISIONS, issue 15): the socket used to open
 * only after ~1 MB of JavaScript had loaded and compiled.
 *
 * It asks for the whole document at once (sync step 1 with an empty state vector: bytes
 * 0, 0, 1, 0), so the board arrives while the JavaScript loads, unless this browser keeps a
 * local copy of the board (then the provider asks with the copy's state vector, for only what
 * changed since). Only for a returning person (name remembered): someone new first types a
 * name, and the page opens its connection after that as before.
 *
 * No 'use client' here: the board page (a server component) imports the string itself. Plain
 * ES5, no dependencies; it must never throw (a failure only means the usual, later, socket).
 */

/** Where the page leaves the early socket for the app (window[EARLY_SOCKET_GLOBAL]). */
export const EARLY_SOCKET_GLOBAL = '__refineryEarlySocket';
/** localStorage key (plus the board id) set once this browser keeps a local copy of a board. */
export const LOCAL_COPY_MARK = 'refinery:local-copy:';
/** After this long without the app adopting it, the early socket is closed. */
const ADOPT_TIMEOUT_MS = 20_000;

export const EARLY_SOCKET_SCRIPT = `(function(){try{
var m=/^\\/b\\/([^/]+)\\/?$/.exec(location.pathname);var k=new URLSearchParams(location.search).get('key');
if(!m||!k||!localStorage.getItem('refinery:name')||typeof WebSocket!=='function')return;
var id=decodeURIComponent(m[1]);var local=!!localStorage.getItem(${JSON.stringify(LOCAL_COPY_MARK)}+id);
var url=location.origin.replace(/^http/,'ws')+'/yjs/'+id+'?key='+encodeURIComponent(k);
var ws=new WebSocket(url);ws.binaryType='arraybuffer';
var e={url:url,ws:ws,events:[],forward:null,sentStep1:false};
function keep(type){return function(ev){if(e.forward)e.forward(type,ev);else e.events.push([type,ev]);};}
var opened=keep('open');
ws.onopen=function(ev){if(!local){ws.send(new Uint8Array([0,0,1,0]));e.sentStep1=true;}opened(ev);};
ws.onmessage=keep('message');ws.onclose=keep('close');ws.onerror=keep('error');
setTimeout(function(){if(!e.forward&&window.${EARLY_SOCKET_GLOBAL}===e){window.${EARLY_SOCKET_GLOBAL}=undefined;ws.close();}},${ADOPT_TIMEOUT_MS});
window.${EARLY_SOCKET_GLOBAL}=e;
}catch(_){}})();`;
