package io.helpdesk.auth.oauth;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.oidc.AuthenticationCompletionAction;
import io.smallrye.mutiny.Uni;

/**
 * Marks the request on which a provider's code was exchanged just now. Only that request signs
 * someone in: Quarkus also keeps a session cookie of the provider's tokens, and a request that
 * presents it again (a copied or replayed cookie) is not a sign-in.
 */
@ApplicationScoped
public class CodeFlowCompletion implements AuthenticationCompletionAction {

    static final String EXCHANGED_NOW = "helpdesk.oauth.code-exchanged";

    @Override
    public Uni<Void> action(AuthenticationCompletionContext context) {
        context.routingContext().put(EXCHANGED_NOW, Boolean.TRUE);
        return Uni.createFrom().voidItem();
    }
}
