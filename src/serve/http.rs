//! The HTTP side of `ila serve` (axum): files of the last good build through tower-http's
//! `ServeDir` (which refuses `..`, encoded separators and absolute paths), the site's 404 page
//! with status 404, the reload script injected into HTML responses, the Server-Sent Events
//! stream that tells pages to reload, and the error page.

use super::inject;
use super::{Shared, Signal};
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::Stream;
use std::convert::Infallible;
use std::sync::Arc;
use tokio::sync::broadcast::error::RecvError;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// The router: `/__ila/…` for serve's own endpoints, every other path from the build.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(inject::EVENTS_PATH, get(events))
        .route(inject::SCRIPT_PATH, get(script))
        .route(inject::ERROR_PATH, get(error_page))
        .fallback(site)
        .with_state(shared)
}

fn no_store(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

async fn script() -> Response {
    no_store(
        (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            )],
            inject::RELOAD_JS,
        )
            .into_response(),
    )
}

fn html(status: StatusCode, body: String) -> Response {
    no_store(
        (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            )],
            body,
        )
            .into_response(),
    )
}

async fn error_page(State(shared): State<Arc<Shared>>) -> Response {
    html(StatusCode::OK, inject::error_page(&shared.errors()))
}

/// One event per build: `siap` first (the state of the last build: `ok` or `galat`), then
/// `reload` after each good build and `galat` after each failed one. The data is the build
/// number.
async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = shared.events.subscribe();
    let state = if shared.errors().is_empty() {
        "ok"
    } else {
        "galat"
    };
    let first = Event::default().event("siap").data(state);
    let stream = futures_util::stream::unfold((Some(first), rx), |(first, mut rx)| async move {
        if let Some(e) = first {
            return Some((Ok(e), (None, rx)));
        }
        let e = match rx.recv().await {
            Ok(Signal::Reload(n)) => Event::default().event("reload").data(n.to_string()),
            Ok(Signal::Failed(n)) => Event::default().event("galat").data(n.to_string()),
            // Missed some builds: the page is stale either way.
            Err(RecvError::Lagged(_)) => Event::default().event("reload").data("0"),
            Err(RecvError::Closed) => return None,
        };
        Some((Ok(e), (None, rx)))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// A file of the last good build (`index.html` for folders), or its 404 page with status 404.
async fn site(State(shared): State<Arc<Shared>>, mut req: Request) -> Response {
    let Some(dir) = shared.dir() else {
        // No good build yet: every page is the error page.
        return html(
            StatusCode::SERVICE_UNAVAILABLE,
            inject::error_page(&shared.errors()),
        );
    };
    // Always answer with the file as it is now: a page rebuilt within the same second must not
    // be answered `304 Not Modified`, and HTML is rewritten, so byte ranges do not apply.
    for h in [
        header::IF_MODIFIED_SINCE,
        header::IF_NONE_MATCH,
        header::IF_UNMODIFIED_SINCE,
        header::IF_MATCH,
        header::IF_RANGE,
        header::RANGE,
    ] {
        req.headers_mut().remove(h);
    }
    let head = req.method() == Method::HEAD;
    let files = ServeDir::new(&dir).not_found_service(ServeFile::new(dir.join("404.html")));
    let res = match files.oneshot(req).await {
        Ok(res) => res.map(Body::new),
        Err(never) => match never {},
    };
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return no_store(res);
    }
    let (mut parts, body) = res.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    if head {
        return no_store(Response::from_parts(parts, Body::empty()));
    }
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let page = inject::page(&String::from_utf8_lossy(&bytes));
    no_store(Response::from_parts(parts, Body::from(page)))
}
