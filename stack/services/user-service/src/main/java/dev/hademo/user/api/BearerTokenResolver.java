package dev.hademo.user.api;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

import dev.hademo.user.auth.InvalidTokenException;
import dev.hademo.user.auth.TokenService;

/** Resolves {@link AuthenticatedUserId} parameters from the {@code Authorization: Bearer} header. */
@Component
class BearerTokenResolver implements HandlerMethodArgumentResolver {

    private static final String SCHEME = "Bearer ";

    private final TokenService tokens;

    BearerTokenResolver(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.hasParameterAnnotation(AuthenticatedUserId.class);
    }

    @Override
    public String resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                  NativeWebRequest request, WebDataBinderFactory binderFactory) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new InvalidTokenException("no Bearer token in the Authorization header");
        }
        return tokens.verify(header.substring(SCHEME.length()).strip());
    }
}
