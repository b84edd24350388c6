package dev.stockroom.source;

import dev.stockroom.auth.Acl;
import dev.stockroom.http.RestRequest;
import dev.stockroom.http.Router;
import dev.stockroom.search.SearchCriteria;

/** Magento's source routes. There is no DELETE: sources are disabled, never deleted. */
public final class SourceRoutes {
  private final SourceStore store;

  public SourceRoutes(SourceStore store) {
    this.store = store;
  }

  public void register(Router router) {
    router.get("/V1/inventory/sources", Acl.SOURCE, this::getList);
    router.get("/V1/inventory/sources/:sourceCode", Acl.SOURCE, this::get);
    router.post("/V1/inventory/sources", Acl.SOURCE_EDIT, this::save);
    router.put("/V1/inventory/sources/:sourceCode", Acl.SOURCE_EDIT, this::save);
  }

  private Object getList(RestRequest request) {
    return store.search(SearchCriteria.bind(request.argument("searchCriteria")));
  }

  private Source get(RestRequest request) {
    return store.get(request.pathParameter("sourceCode"));
  }

  /** POST and PUT are both upserts; on PUT the URL's code was written into the body. */
  private Object save(RestRequest request) {
    request.requireArguments("source");
    SourceRequest source = SourceRequest.bind(request.argument("source"));
    SourceValidator.validate(source);
    store.save(source);
    return null;
  }
}
