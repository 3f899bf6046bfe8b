// A free TCP port on 127.0.0.1 for a server the harness starts (nginx, a cluster node): bound to
// port 0, read back and released; the server binds it a moment later.
import net from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
