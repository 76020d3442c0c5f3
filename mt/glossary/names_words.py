"""Common English words that news text capitalises (titles, headlines, sentence starts, parts
of names): two of them are never spelling variants of one name (State/Statue, Front/Font)."""

from __future__ import annotations

_TEXT = """
a about above after again against all also an and any are around as at back be because been
before being below between both but by can city could day days did do does down during each
east eastern few first for from further had has have he her here him his how i if in into is it
its just last later least left may me more most much must my near new next no nor north northern
not now of off on once one only or other our out over own people said same say says she should
since so some south southern still such than that the their them then there these they this
those through to too two under until up very was way we were west western what when where which
while who whom why will with would year years you your
monday tuesday wednesday thursday friday saturday sunday january february march april june july
august september october november december spring summer autumn winter
mr mrs ms dr sir president minister prime foreign deputy vice chief general commander spokesman
spokeswoman leader leaders governor king queen prince princess emir sheikh mayor ambassador envoy
secretary chairman director official officials army police force forces front alliance coalition
council committee party movement group union league national international united nations state
states republic kingdom emirates islamic arab arabic english european african american asian
russian chinese ministry department office agency bank court parliament assembly government
province provinces district valley river mountain mountains north south east west central capital
city town village street square road airport university school hospital news press media agency
times post world global human rights aid food programme program fund health security defence
defense interior affairs justice economy economic trade oil gas water energy war peace talks deal
al el resistance opposition revolution liberation democratic popular public general supreme
high higher great greater grand old young big small long short black white red green blue
gold silver
statue font fronts states stats stat statement states men man women woman child children family
anna anne ann annie david mark marc john jon joan jean paul paula maria marie mary martin martina
"""
COMMON_WORDS: frozenset[str] = frozenset(_TEXT.split())
