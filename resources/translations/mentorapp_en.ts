<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Busy</name>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="58"/>
        <source>Working</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseloadModel</name>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="56"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="57"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="58"/>
        <source>Setting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="59"/>
        <source>Last contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="60"/>
        <source>Next meeting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="61"/>
        <source>Open concerns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="62"/>
        <source>Overdue actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/models.py" line="140"/>
        <source>%n open safeguarding concern(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CaseloadPage</name>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="96"/>
        <source>Caseload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="97"/>
        <source>&amp;Add mentee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="104"/>
        <source>Safeguarding alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="110"/>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="111"/>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="112"/>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="113"/>
        <source>Everyone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="117"/>
        <source>Any setting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="119"/>
        <source>Prison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="120"/>
        <source>Community</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="121"/>
        <source>Probation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="122"/>
        <source>Approved premises / hostel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="123"/>
        <source>Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="126"/>
        <source>&amp;Show:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="128"/>
        <source>S&amp;etting:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="130"/>
        <source>Show mentees with status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="131"/>
        <source>Show mentees in setting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="145"/>
        <source>Mentees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="172"/>
        <source>%1 open safeguarding concern(s) for %2 mentee(s): see the Open concerns column.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="183"/>
        <source>%1 shown</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CheckInChart</name>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="202"/>
        <source>Outcome check-ins chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="215"/>
        <location filename="../../mentorapp/ui/pages.py" line="226"/>
        <source>No check-ins yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CheckInDialog</name>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="568"/>
        <source>From %1 (%2) to %3 (%4). Leave an area at &apos;not applicable&apos; if it does not apply.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="582"/>
        <source>not applicable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="588"/>
        <source>Comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="589"/>
        <source>&amp;Comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="613"/>
        <source>Score at least one area.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FieldEditor</name>
    <message>
        <location filename="../../mentorapp/ui/forms.py" line="72"/>
        <source>Problem with %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/forms.py" line="92"/>
        <location filename="../../mentorapp/ui/forms.py" line="101"/>
        <source>not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/forms.py" line="100"/>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/forms.py" line="110"/>
        <source>— choose —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/forms.py" line="142"/>
        <source>HH:MM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/forms.py" line="145"/>
        <source>0.00</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstRun</name>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="88"/>
        <source>Set up mentorapp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="97"/>
        <source>Welcome to mentorapp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="101"/>
        <source>mentorapp keeps your mentoring records on this laptop, locked with a passphrase only you know. It works with no internet at all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="109"/>
        <source>You can start on your own now. If your organisation gives you an enrolment code, you can join it later and your records will sync to your supervisor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="114"/>
        <source>&amp;Start on this laptop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="115"/>
        <source>Start on this laptop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="118"/>
        <source>Join an organisation (after setting up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="120"/>
        <source>Joining comes after your profile is set up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="130"/>
        <source>Choose a passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="134"/>
        <source>A passphrase is like a password, but longer: three or four words you will remember, such as &apos;kettle river purple saturday&apos;. Nobody, not even your supervisor, can get it back for you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="141"/>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="142"/>
        <source>Type it again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="143"/>
        <source>&amp;Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="144"/>
        <source>&amp;Type it again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="146"/>
        <source>S&amp;how what I type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="150"/>
        <source>Passphrase strength</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="155"/>
        <source>&amp;Create my profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="174"/>
        <source>The two do not match yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="186"/>
        <source>Creating your profile and its keys…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="206"/>
        <source>Write down your recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="210"/>
        <source>If you ever forget your passphrase, this key is the only way back in. Write it on paper now and keep it somewhere safe, away from this laptop. It will not be shown again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="222"/>
        <source>Recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="226"/>
        <source>Last group of the recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="228"/>
        <source>To check, type its &amp;last four characters:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="230"/>
        <source>I have &amp;written it down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="233"/>
        <source>&amp;Continue</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/forms.py" line="447"/>
        <source>Please fix the %n highlighted answer(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MenteePage</name>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="291"/>
        <source>← &amp;Caseload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="296"/>
        <source>&amp;Edit details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="298"/>
        <source>&amp;Record…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="301"/>
        <source>Goal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="302"/>
        <source>Referral</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="303"/>
        <source>Safeguarding concern</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="307"/>
        <source>Check-in (how things are going)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="311"/>
        <source>Record a goal, referral, concern or check-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="312"/>
        <source>New &amp;one-to-one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="326"/>
        <source>Mentee details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="328"/>
        <location filename="../../mentorapp/ui/pages.py" line="331"/>
        <source>Goals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="334"/>
        <location filename="../../mentorapp/ui/pages.py" line="337"/>
        <source>Referrals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="340"/>
        <source>How things are going (check-ins)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="348"/>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="353"/>
        <source>Timeline, newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="389"/>
        <source>given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="389"/>
        <source>NOT given</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MentorWindow</name>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="197"/>
        <location filename="../../mentorapp/ui/app.py" line="198"/>
        <source>mentorapp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="249"/>
        <source>&amp;Resume it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="250"/>
        <source>Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="291"/>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="296"/>
        <source>Caseload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="299"/>
        <source>This week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="301"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="302"/>
        <source>Quick log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="304"/>
        <source>New one-to-one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="307"/>
        <source>New group activity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="310"/>
        <source>New leisure activity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="313"/>
        <source>Add mentee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="315"/>
        <source>Lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="316"/>
        <source>Shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="317"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="322"/>
        <location filename="../../mentorapp/ui/app.py" line="327"/>
        <source>New contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="325"/>
        <source>&amp;New contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="341"/>
        <source>Profile: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="343"/>
        <source>Offline: not joined to an organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="344"/>
        <source>Sync status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="361"/>
        <source>Unlocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="361"/>
        <source>Locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="418"/>
        <source>mentorapp could not open your profile: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="443"/>
        <location filename="../../mentorapp/ui/app.py" line="444"/>
        <location filename="../../mentorapp/ui/app.py" line="599"/>
        <source>Building the search index…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="459"/>
        <source>%1 records searchable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/app.py" line="596"/>
        <source>%n result(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="632"/>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="634"/>
        <source>Not saved, your answers are kept as a draft: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="647"/>
        <source>Edit: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="676"/>
        <source>Saved %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="680"/>
        <source>Saved. A safeguarding concern was raised for your supervisor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="722"/>
        <source>Contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="749"/>
        <source>You have an unsaved %1 from %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QuickLogDialog</name>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="482"/>
        <location filename="../../mentorapp/ui/pages.py" line="483"/>
        <source>Quick log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="488"/>
        <source>— choose —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="491"/>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="494"/>
        <source>Met in person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="495"/>
        <source>Phone call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="496"/>
        <source>Video call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="497"/>
        <source>Coffee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="498"/>
        <source>Walk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="501"/>
        <source>What kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="506"/>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="507"/>
        <source>How long</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="509"/>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="510"/>
        <source>One line is enough</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="511"/>
        <source>&amp;Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="512"/>
        <source>What &amp;kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="513"/>
        <source>How &amp;long</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="514"/>
        <source>&amp;Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="524"/>
        <source>&amp;Full form…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="539"/>
        <source>Choose who the contact was with.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RepeatEditor</name>
    <message>
        <location filename="../../mentorapp/ui/forms.py" line="234"/>
        <source>Add %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/forms.py" line="259"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/forms.py" line="260"/>
        <source>Remove this row</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="451"/>
        <location filename="../../mentorapp/ui/pages.py" line="454"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="453"/>
        <source>Names, notes, places… (at least 2 letters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="459"/>
        <source>Search status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="466"/>
        <source>Search results</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="166"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="169"/>
        <source>&amp;Lock after this many minutes without use:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="173"/>
        <source>Minutes before locking</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="140"/>
        <location filename="../../mentorapp/ui/app.py" line="144"/>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="143"/>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/app.py" line="143"/>
        <source>What it does</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UnlockScreen</name>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="268"/>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="271"/>
        <source>mentorapp is locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="272"/>
        <source>Profile: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="280"/>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="281"/>
        <source>&amp;Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="284"/>
        <source>Unlock message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="289"/>
        <source>&amp;Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="291"/>
        <source>I forgot my passphrase (use &amp;recovery key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="304"/>
        <source>Type the recovery key you wrote down when you set up mentorapp, then choose a new passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="311"/>
        <source>Recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="313"/>
        <source>New passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="314"/>
        <source>Type the new passphrase again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="315"/>
        <source>Recovery &amp;key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="316"/>
        <source>&amp;New passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="317"/>
        <source>Type it &amp;again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="322"/>
        <source>&amp;Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="323"/>
        <source>Unlock and &amp;set passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="351"/>
        <source>Unlocking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../mentorapp/ui/access.py" line="362"/>
        <source>Please wait %n second(s) before trying again.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="381"/>
        <source>The two new passphrases do not match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/access.py" line="384"/>
        <source>Checking the recovery key…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WeekModel</name>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="221"/>
        <source>Meeting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="221"/>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="222"/>
        <source> — OVERDUE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/models.py" line="226"/>
        <source>Nothing planned for the next seven days.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WeekPage</name>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="426"/>
        <source>This week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../mentorapp/ui/pages.py" line="431"/>
        <source>Meetings and actions this week</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
