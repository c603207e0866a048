vcl 4.1;
# Varnish in front of Dateline (Varnish 7, Debian's package). Dateline marks every page that may be
# shared with a Surrogate-Key header and purges by key when it publishes (VARNISH_URL), with a BAN
# request carrying the keys. Anything without a Surrogate-Key is never stored here.

import std;

# One backend per Dateline node; with several, put them in a round-robin director (vmod directors).
backend dateline {
  .host = "127.0.0.1";
  .port = "3000";
  .probe = {
    .url = "/healthz";
    .interval = 5s;
    .timeout = 2s;
    .window = 5;
    .threshold = 3;
    .initial = 3;
  }
}

# Who may purge: the Dateline nodes.
acl purgers {
  "127.0.0.1";
  "::1";
}

sub vcl_recv {
  if (req.method == "BAN") {
    if (client.ip !~ purgers) {
      return (synth(403, "Not allowed"));
    }
    if (req.http.Dateline-Purge-All == "1") {
      ban("obj.status != 0");
      return (synth(200, "Purged everything"));
    }
    # The keys come as one regular expression without spaces, built by Dateline from known keys.
    if (req.http.Dateline-Purge-Keys !~ "^[][()|a-z0-9:^$*.-]{1,8000}$") {
      return (synth(400, "Dateline-Purge-Keys missing or malformed"));
    }
    ban("obj.http.Surrogate-Key ~ " + req.http.Dateline-Purge-Keys);
    return (synth(200, "Purged"));
  }
  # Live-update streams go straight through; they are never cached.
  if (req.url ~ "^/live(\?|$)") {
    return (pipe);
  }
  if (req.method != "GET" && req.method != "HEAD") {
    return (pass);
  }
  # Staff and API clients get pages made for them, from Dateline itself.
  if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)dateline_session=") {
    return (pass);
  }
  # A copy past its lifetime is served while a fresh one is fetched (30 s), or for up to a day
  # while Dateline is down (stale-if-error).
  if (std.healthy(req.backend_hint)) {
    set req.grace = 30s;
  }
  return (hash);
}

sub vcl_pipe {
  set bereq.http.Connection = "close";
}

sub vcl_backend_response {
  # Deny by default: only pages Dateline marks as shared are stored.
  if (!beresp.http.Surrogate-Key || beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "private|no-store") {
    set beresp.uncacheable = true;
    set beresp.ttl = 120s;
    return (deliver);
  }
  set beresp.grace = 24h;
  # Dateline compresses what it serves from its own cache; a page Varnish fetched uncompressed is
  # gzipped here once, then served gzipped or plain as each client asks.
  if (beresp.http.Content-Type ~ "^text/html" && !beresp.http.Content-Encoding) {
    set beresp.do_gzip = true;
  }
  return (deliver);
}

sub vcl_deliver {
  if (obj.hits > 0) {
    set resp.http.X-Varnish-Cache = "HIT";
  } else {
    set resp.http.X-Varnish-Cache = "MISS";
  }
}
