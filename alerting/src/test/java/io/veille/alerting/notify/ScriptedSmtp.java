package io.veille.alerting.notify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small real SMTP server on 127.0.0.1 for what GreenMail will not do: refuse a recipient with
 * a given reply ({@code 550 5.1.1 no such user}, {@code 451 4.7.1 greylisted}), or accept the
 * connection and never greet (the client's read timeout). It speaks just enough SMTP for Angus
 * Mail's client: EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT.
 */
final class ScriptedSmtp implements AutoCloseable {
  private final ServerSocket server;
  private final String rcptReply;
  private final boolean greets;
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  /** A server answering every RCPT with {@code rcptReply}. */
  static ScriptedSmtp refusing(String rcptReply) {
    return new ScriptedSmtp(rcptReply, true);
  }

  /** A server that accepts connections and says nothing. */
  static ScriptedSmtp silent() {
    return new ScriptedSmtp("250 OK", false);
  }

  private ScriptedSmtp(String rcptReply, boolean greets) {
    this.rcptReply = rcptReply;
    this.greets = greets;
    try {
      server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    acceptor = Thread.ofPlatform().daemon().name("scripted-smtp").start(this::accept);
  }

  int port() {
    return server.getLocalPort();
  }

  /** The commands received, in order (upper-cased verb and its argument). */
  List<String> commands() {
    return List.copyOf(commands);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        open.add(s);
        if (greets) {
          Thread.ofPlatform().daemon().name("scripted-smtp-session").start(() -> session(s));
        }
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void session(Socket s) {
    try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = s.getOutputStream()) {
      send(out, "220 scripted.test ESMTP");
      String line;
      while ((line = in.readLine()) != null) {
        commands.add(line);
        String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
        switch (verb) {
          case "EHLO" -> send(out, "250-scripted.test\r\n250 8BITMIME");
          case "HELO", "MAIL", "RSET", "NOOP" -> send(out, "250 OK");
          case "RCPT" -> send(out, rcptReply);
          case "DATA" -> {
            send(out, "354 go ahead");
            String data;
            while ((data = in.readLine()) != null && !data.equals(".")) {
              // the message: not kept
            }
            send(out, "250 queued");
          }
          case "QUIT" -> {
            send(out, "221 bye");
            return;
          }
          default -> send(out, "502 not implemented");
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static void send(OutputStream out, String reply) throws IOException {
    out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Override
  public void close() {
    try {
      server.close();
      for (Socket s : open) {
        s.close();
      }
      acceptor.join(5_000);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
