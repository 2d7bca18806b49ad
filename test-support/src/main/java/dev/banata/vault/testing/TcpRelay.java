package dev.banata.vault.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on a loopback port in front of a server: the network between a client and the
 * database, which a test can cut. {@link #cut()} resets every connection that passes through it at
 * that moment (both sides see a connection reset, as when a firewall or a NAT drops its state);
 * {@link #refuseNew(boolean)} turns new connections away until it is turned off again;
 * {@link #stall(boolean)} stops carrying bytes without closing anything (a silent drop: packets lost,
 * no reset), which only a timeout on the client can notice.
 */
public final class TcpRelay implements AutoCloseable {

  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final List<Socket[]> pairs = new ArrayList<>();
  private final AtomicBoolean refusing = new AtomicBoolean();
  private final AtomicBoolean stalled = new AtomicBoolean();
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger cutConnections = new AtomicInteger();
  private final Thread acceptor;

  private TcpRelay(ServerSocket listener, InetSocketAddress target) {
    this.listener = listener;
    this.target = target;
    this.acceptor = new Thread(this::acceptLoop, "tcp-relay-" + listener.getLocalPort());
    acceptor.setDaemon(true);
  }

  /** A relay from a free loopback port to {@code host:port}. */
  public static TcpRelay to(String host, int port) throws IOException {
    TcpRelay relay = new TcpRelay(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), new InetSocketAddress(host, port));
    relay.acceptor.start();
    return relay;
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** {@code jdbc:postgresql://127.0.0.1:<relay port>/database}. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
  }

  /** Resets every connection open through the relay now; returns how many were cut. */
  public int cut() {
    List<Socket[]> open;
    synchronized (pairs) {
      open = new ArrayList<>(pairs);
      pairs.clear();
    }
    for (Socket[] pair : open) {
      reset(pair[0]);
      reset(pair[1]);
    }
    cutConnections.addAndGet(open.size());
    return open.size();
  }

  /**
   * Resets the one connection the server sees coming from {@code clientPort} (PostgreSQL's
   * {@code pg_stat_activity.client_port}: the relay's own end towards the server); returns whether
   * it was open. The other connections go on.
   */
  public boolean cutTheConnectionFrom(int clientPort) {
    Socket[] found = null;
    synchronized (pairs) {
      for (Socket[] pair : pairs) {
        if (pair[1].getLocalPort() == clientPort) {
          found = pair;
        }
      }
      pairs.remove(found);
    }
    if (found == null) {
      return false;
    }
    reset(found[0]);
    reset(found[1]);
    cutConnections.incrementAndGet();
    return true;
  }

  /** While on, new connections are reset as soon as they are accepted (the server looks unreachable). */
  public void refuseNew(boolean refuse) {
    refusing.set(refuse);
  }

  /** While on, bytes are held back in both directions; connections stay open. */
  public void stall(boolean stall) {
    stalled.set(stall);
  }

  /** Connections accepted so far (refused ones included). */
  public int accepted() {
    return accepted.get();
  }

  /** Connections cut by {@link #cut()} and {@link #cutTheConnectionFrom} so far. */
  public int cutConnections() {
    return cutConnections.get();
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException ignored) {
      // Closing a listener: nothing to recover.
    }
    cut();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return;
      }
      accepted.incrementAndGet();
      if (refusing.get()) {
        reset(client);
        continue;
      }
      try {
        Socket server = new Socket();
        server.connect(target, 5000);
        Socket[] pair = {client, server};
        synchronized (pairs) {
          pairs.add(pair);
        }
        pump(client, server, pair);
        pump(server, client, pair);
      } catch (IOException e) {
        reset(client);
      }
    }
  }

  private void pump(Socket from, Socket to, Socket[] pair) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[16384];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          while (stalled.get() && !from.isClosed()) {
            Thread.sleep(20);
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException ignored) {
        // The other side went away, or the relay cut the pair.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        synchronized (pairs) {
          pairs.remove(pair);
        }
        closeQuietly(pair[0]);
        closeQuietly(pair[1]);
      }
    }, "tcp-relay-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0); // close() then sends RST instead of FIN
    } catch (SocketException ignored) {
      // Already closed.
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing: nothing to recover.
    }
  }
}
