package io.mm2dr.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's keyword list is the loader's: generated from the keyword table it checks playbooks against.
 * Regenerate with {@code mvn test -Dtest=ReadmeKeywordsTest -Dreadme.regenerate=true}.
 */
class ReadmeKeywordsTest {

    @Test
    void readmeListsTheKeywordsTheLoaderChecks() throws Exception {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme);
        int b = text.indexOf(KeywordTable.KEYWORDS_BEGIN);
        int e = text.indexOf(KeywordTable.KEYWORDS_END);
        assertTrue(b >= 0 && e > b, "README.md lacks the " + KeywordTable.KEYWORDS_BEGIN + " section");
        String inReadme = text.substring(b, e + KeywordTable.KEYWORDS_END.length() + 1);
        String expected = KeywordTable.readmeSection();
        if (Boolean.getBoolean("readme.regenerate") && !expected.equals(inReadme)) {
            Files.writeString(readme, text.substring(0, b) + expected + text.substring(e + KeywordTable.KEYWORDS_END.length() + 1));
            return;
        }
        assertEquals(expected, inReadme, "README.md's keyword list differs from the loader's; regenerate it");
    }
}
